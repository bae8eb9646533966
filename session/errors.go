package session

import (
	"errors"
	"fmt"
)

// Kinds of refusal. Every refusal the session returns matches exactly one of
// these with errors.Is, and its Error text is a sentence fit for a user.
var (
	ErrNotFacilitator   = errors.New("only a facilitator can do that")
	ErrWrongPhase       = errors.New("that is not possible in this phase")
	ErrNotYours         = errors.New("that note is not yours")
	ErrNotFound         = errors.New("that no longer exists")
	ErrInvalid          = errors.New("that is not valid")
	ErrNoDotsLeft       = errors.New("you have no dots left")
	ErrSegmentCap       = errors.New("that segment already has all the dots you may give it")
	ErrBudgetBelowSpent = errors.New("someone has already spent more dots than that")
	ErrGroupingLocked   = errors.New("the facilitator has locked grouping")
	ErrRemoved          = errors.New("you were removed from this workshop")
	ErrGuest            = errors.New("guests cannot do that; connect with an SSH key")
	ErrLimit            = errors.New("a limit was reached")
	ErrTooFast          = errors.New("slow down: too many actions per second")
	ErrLastFacilitator  = errors.New("a workshop needs at least one facilitator")
)

// ruleError is a refusal: a kind to match with errors.Is and a sentence that
// says exactly what was refused.
type ruleError struct {
	kind error
	msg  string
}

func (e *ruleError) Error() string { return e.msg }
func (e *ruleError) Unwrap() error { return e.kind }

// refuse builds a refusal of the given kind with its own message.
func refuse(kind error, format string, args ...any) error {
	return &ruleError{kind: kind, msg: fmt.Sprintf(format, args...)}
}
