package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"reportbot/bot"
)

// Console sessions and one-time login links. A session is a random id in
// an HttpOnly cookie; its record holds the user and the session's CSRF
// token. Both expire by themselves.

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// CreateSession starts a console session for user and returns its id and
// CSRF token.
func (s *Store) CreateSession(ctx context.Context, user string, ttl time.Duration) (id, csrf string, err error) {
	id, csrf = randomToken(), randomToken()
	key := sessionKey(id)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, "user", user, "csrf", csrf)
		p.Expire(ctx, key, ttl)
		return nil
	})
	return id, csrf, wrap("create session", "", err)
}

// Session returns a session's user and CSRF token; ENotFound when it does
// not exist or expired.
func (s *Store) Session(ctx context.Context, id string) (user, csrf string, err error) {
	if len(id) != 48 {
		return "", "", bot.Errorf(bot.ENotFound, "请重新登录。")
	}
	h, err := s.rdb.HGetAll(ctx, sessionKey(id)).Result()
	if err != nil {
		return "", "", wrap("read session", "", err)
	}
	if h["user"] == "" {
		return "", "", bot.Errorf(bot.ENotFound, "请重新登录。")
	}
	return h["user"], h["csrf"], nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return wrap("delete session", "", s.rdb.Del(ctx, sessionKey(id)).Err())
}

// CreateLoginLink makes a one-time login token for user (the demo prints
// them; an operator may too).
func (s *Store) CreateLoginLink(ctx context.Context, user string, ttl time.Duration) (string, error) {
	tok := randomToken()
	return tok, wrap("create login link", "", s.rdb.Set(ctx, loginKey(tok), user, ttl).Err())
}

// UseLoginLink returns the user of a login token and deletes it, so it
// works once.
func (s *Store) UseLoginLink(ctx context.Context, tok string) (string, error) {
	if len(tok) != 48 {
		return "", bot.Errorf(bot.EForbidden, "登录链接无效或已使用。")
	}
	user, err := s.rdb.GetDel(ctx, loginKey(tok)).Result()
	if errors.Is(err, redis.Nil) {
		return "", bot.Errorf(bot.EForbidden, "登录链接无效或已使用。")
	}
	return user, wrap("use login link", "", err)
}
