package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/redis/go-redis/v9"
)

// driverLog sends go-redis's own messages (pool and reconnection
// failures) to the service's structured log instead of raw lines on
// standard error.
type driverLog struct{ log *slog.Logger }

func (d driverLog) Printf(_ context.Context, format string, v ...any) {
	d.log.Warn("redis driver", "detail", strings.TrimSpace(fmt.Sprintf(format, v...)))
}

// SetDriverLogger routes the Redis driver's messages to log. go-redis
// keeps its logger in a package variable, so this is process-wide: call
// it once, from main.
func SetDriverLogger(log *slog.Logger) { redis.SetLogger(driverLog{log}) }
