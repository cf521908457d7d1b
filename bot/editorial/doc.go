// Package editorial turns submitted answers into report text that editors
// confirm: drafting each section through a Writer (the model, or the
// template writer without one) under the fact lock, the versions of each
// section and the editors' actions on them (confirm, rewrite, edit, paste,
// restore), the assembly of confirmed sections into a report, and the
// district summary.
package editorial
