package wecom

import (
	"fmt"
	"time"
)

// throttled is a send refused because the member is at WeCom's message
// limit (ours, counted in Redis, or WeCom's errcode 45009/45033). Its
// RetryAfter tells the job queue when to try again, so a long send job
// resumes as soon as the window opens instead of on a fixed backoff.
type throttled struct {
	user string
	wait time.Duration
}

func (e *throttled) Error() string {
	return fmt.Sprintf("member %s is at WeCom's message limit; retry in %s", e.user, e.wait.Round(time.Second))
}

// RetryAfter is how long to wait before sending to the member again.
func (e *throttled) RetryAfter() time.Duration { return e.wait }
