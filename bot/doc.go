// Package bot is reportbot's domain: forms, rounds, assignments, answers, the
// conversation Engine that turns a contact's chat messages into stored answers,
// figure parsing and validation, and the interfaces the adapters implement
// (Store for Redis, Messenger for WeCom, Writer for the language model).
//
// bot imports no Redis, WeCom or OpenAI package; adapters meet only through the
// types declared here.
package bot
