package main

// Imports of modules that packages still being written will use; this keeps
// go mod tidy from dropping them meanwhile. Remove an entry once a package
// imports it for real.
import (
	_ "github.com/sashabaranov/go-openai"
)
