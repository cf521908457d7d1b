package main

// Imports of modules that packages still being written will use; this keeps
// go mod tidy from dropping them meanwhile. Remove an entry once a package
// imports it for real.
import (
	_ "github.com/alicebob/miniredis/v2"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/sashabaranov/go-openai"
	_ "github.com/silenceper/wechat/v2/work"
	_ "go.yaml.in/yaml/v3"
)
