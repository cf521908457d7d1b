// Package bot is reportbot's domain: forms and their questions, rounds,
// departments and assignments, answers and how an answer is read from what
// a contact typed, the roster and its roles, the error vocabulary, and the
// interfaces the rest needs (Store, Jobs, Messenger, Writer, Clock).
//
// The concerns built on it live in sub-packages, top-down: chat (the
// conversation) and editorial (drafting and review) over rounds (round
// administration and reminders) and factlock (checking text against
// answers), all over bot and figure (numerals and figures). bot imports no
// Redis, WeCom or OpenAI package and no sub-package but figure; adapters
// (store, bot/wecom, bot/llm, bot/export, handlers) import the domain,
// never the reverse.
package bot
