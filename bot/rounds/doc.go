// Package rounds is the coordinators' side of a collection round: create,
// start, pause, close and reopen a round or a department (RoundAdmin),
// progress and overdue departments (Progress), and the reminder plan that
// invites, reminds and escalates within the sending hours (Reminders).
package rounds
