// Command reportbot collects departments' yearly figures through a WeCom bot
// and turns them into report text that people confirm.
package main

func main() {}
