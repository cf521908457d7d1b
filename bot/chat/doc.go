// Package chat is the conversation. A Router classifies each message once
// — a head's review card, an editor's card or command, a coordinator's or
// a head's command, or a contact's turn — and hands it to its owner: the
// Engine runs a contact's turns over an assignment (answers, skip, back,
// review, edit, submit, year-over-year checks, the head's review), the
// Desk serves coordinators and heads, and package editorial serves
// editors. Every state change is one optimistic transaction in the Store,
// keyed by the message, so a retried callback takes effect once.
package chat
