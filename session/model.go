package session

import (
	"fmt"
	"time"
)

// Phase is the step of the workshop the whole room is in.
type Phase int

// The phases, in the order a workshop walks through them.
const (
	PhaseLobby Phase = iota
	PhaseAnswer
	PhaseGroup
	PhaseVote
	PhasePrioritize
	PhaseDiscuss
	PhaseDone
)

// Phases lists every phase in order.
var Phases = []Phase{PhaseLobby, PhaseAnswer, PhaseGroup, PhaseVote, PhasePrioritize, PhaseDiscuss, PhaseDone}

var phaseNames = [...]string{"lobby", "answer", "group", "vote", "prioritize", "discuss", "done"}

func (p Phase) String() string {
	if p < 0 || int(p) >= len(phaseNames) {
		return fmt.Sprintf("phase(%d)", int(p))
	}
	return phaseNames[p]
}

// Title is the phase's name as a heading.
func (p Phase) Title() string {
	switch p {
	case PhaseLobby:
		return "Lobby"
	case PhaseAnswer:
		return "Answer"
	case PhaseGroup:
		return "Group"
	case PhaseVote:
		return "Vote"
	case PhasePrioritize:
		return "Prioritize"
	case PhaseDiscuss:
		return "Discuss"
	case PhaseDone:
		return "Done"
	}
	return p.String()
}

// Valid reports whether p is one of the defined phases.
func (p Phase) Valid() bool { return p >= PhaseLobby && p <= PhaseDone }

// Role is what a participant may do in a workshop.
type Role int

// Roles.
const (
	RoleParticipant Role = iota
	RoleFacilitator
)

func (r Role) String() string {
	if r == RoleFacilitator {
		return "facilitator"
	}
	return "participant"
}

// Lens is one of the insight questions the room answers in Prioritize.
type Lens int

// The three insight lenses.
const (
	LensBiggest Lens = iota
	LensValuable
	LensUnderserved
)

// Lenses lists the lenses in order.
var Lenses = []Lens{LensBiggest, LensValuable, LensUnderserved}

func (l Lens) String() string {
	switch l {
	case LensBiggest:
		return "biggest"
	case LensValuable:
		return "most valuable"
	case LensUnderserved:
		return "underserved"
	}
	return fmt.Sprintf("lens(%d)", int(l))
}

// Prompt is the lens as a question to the room.
func (l Lens) Prompt() string {
	switch l {
	case LensBiggest:
		return "Who is our biggest customer group?"
	case LensValuable:
		return "Who is most valuable to us?"
	case LensUnderserved:
		return "Who is currently underserved by us?"
	}
	return l.String()
}

// Valid reports whether l is one of the lenses.
func (l Lens) Valid() bool { return l >= LensBiggest && l <= LensUnderserved }

// Settings are the facilitator's choices for a workshop.
type Settings struct {
	Anonymous      bool      // authors are never shown (default on)
	HideNotes      bool      // others' notes are hidden while answering (default on)
	GroupingLocked bool      // only facilitators may group
	VotesRevealed  bool      // vote totals are visible to everyone
	GuestsClosed   bool      // no new guests may join (those in stay)
	DotBudget      int       // dots per participant (default 5)
	MaxPerSegment  int       // dots one participant may put on one segment (default 3)
	TimerDeadline  time.Time // zero: no phase timer
	// TimeBox is how long the room discusses one segment: moving the
	// spotlight restarts the phase timer with it. Zero: no time box.
	TimeBox time.Duration
	// OpenWho lets participants say who the segment in the spotlight is
	// (its customer type and role); otherwise only facilitators may.
	OpenWho bool
}

// DefaultSettings are the settings of a new workshop.
func DefaultSettings() Settings {
	return Settings{Anonymous: true, HideNotes: true, DotBudget: 5, MaxPerSegment: 3}
}

// WorkshopInfo is the workshop itself: its code, title, phase and settings.
type WorkshopInfo struct {
	Code      string
	Title     string
	Phase     Phase
	Settings  Settings
	Questions QuestionSet // the zero set is Heffernan's three
	Follows   string      // the code of the workshop this one follows up; empty if none
	CreatedBy string      // participant ID of the creator
	CreatedAt time.Time
	// Spotlight is the segment the room discusses, which every screen
	// follows in Discuss. Zero (or a segment that is gone) stands for the
	// top-ranked segment.
	Spotlight int64
}

// Participant is one person in a workshop, identified by the fingerprint of
// their SSH key (or a per-connection ID for guests).
type Participant struct {
	ID       string
	Name     string
	Role     Role
	Guest    bool
	Removed  bool
	Ready    bool // done writing (Answer) or done voting (Vote); cleared on every phase change
	JoinedAt time.Time
}

// Facilitator reports whether p may steer the workshop.
func (p Participant) Facilitator() bool { return p.Role == RoleFacilitator && !p.Removed }

// Note is one idea written in answer to one question. A "who" note's Segment
// is the customer segment it is grouped in; a "do" or "value" note's Segment
// is the segment it is attached to. Zero means none.
type Note struct {
	ID        int64
	Question  Question
	Text      string
	Author    string // participant ID
	Segment   int64
	CreatedAt time.Time
	// Source says where an imported note came from (the label given at
	// import: "survey", "import"); empty for a note written in the room.
	// Imported notes have no Author.
	Source string
}

// Segment is a named customer segment: a cluster of "who" notes.
type Segment struct {
	ID       int64
	Name     string
	Position int // creation order, for a stable display before votes count
	// Who the segment really is, said in Discuss; zero: not said yet.
	Type CustomerType
	Role SegmentRole
}

// Listing is which list of the result a segment belongs in.
type Listing int

// The lists: the customer ranking, then stakeholders (a voice, not the
// customer), then segments the team does not serve.
const (
	ListCustomers Listing = iota
	ListStakeholders
	ListNotServed
)

// Listing says which list the segment belongs in. "Not served" wins over
// the stakeholder type.
func (s Segment) Listing() Listing {
	switch {
	case s.Role == RoleNotServed:
		return ListNotServed
	case s.Type == TypeStakeholder:
		return ListStakeholders
	}
	return ListCustomers
}

// CustomerType is what kind of customer a segment is.
type CustomerType int

// The customer types; TypeUnknown is "not said yet".
const (
	TypeUnknown CustomerType = iota
	TypeEndUser
	TypeBuyer
	TypeDecisionMaker
	TypeInternalTeam
	TypeStakeholder
	TypePartner
)

// CustomerTypes lists the types that can be chosen, in the order offered.
var CustomerTypes = []CustomerType{TypeEndUser, TypeBuyer, TypeDecisionMaker, TypeInternalTeam, TypeStakeholder, TypePartner}

var customerTypeNames = [...]string{"", "end user", "buyer/payer", "decision maker", "internal team", "stakeholder", "partner"}

func (t CustomerType) String() string {
	if !t.Valid() {
		return fmt.Sprintf("type(%d)", int(t))
	}
	return customerTypeNames[t]
}

// Valid reports whether t is TypeUnknown or one of CustomerTypes.
func (t CustomerType) Valid() bool { return t >= TypeUnknown && t <= TypePartner }

// SegmentRole is what a segment is to the team.
type SegmentRole int

// The segment roles; RoleUnknown is "not said yet".
const (
	RoleUnknown SegmentRole = iota
	RolePrimary
	RoleSupporting
	RoleNotServed
)

// SegmentRoles lists the roles that can be chosen, in the order offered.
var SegmentRoles = []SegmentRole{RolePrimary, RoleSupporting, RoleNotServed}

var segmentRoleNames = [...]string{"", "primary customer", "supporting customer", "not served by us"}

func (r SegmentRole) String() string {
	if !r.Valid() {
		return fmt.Sprintf("role(%d)", int(r))
	}
	return segmentRoleNames[r]
}

// Valid reports whether r is RoleUnknown or one of SegmentRoles.
func (r SegmentRole) Valid() bool { return r >= RoleUnknown && r <= RoleNotServed }

// StepKind is what sort of next step a team takes for a segment.
type StepKind int

// The kinds of next step.
const (
	StepTalkTo     StepKind = iota // talk to someone, or a proxy when the real customer is out of reach
	StepHypothesis                 // "We believe SEGMENT needs VALUE; we'll know when …"
	StepSurvey
	StepObserve
)

// StepKinds lists the kinds in the order offered.
var StepKinds = []StepKind{StepTalkTo, StepHypothesis, StepSurvey, StepObserve}

var stepKindNames = [...]string{"talk to", "hypothesis", "survey", "observe"}

func (k StepKind) String() string {
	if !k.Valid() {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return stepKindNames[k]
}

// Valid reports whether k is one of StepKinds.
func (k StepKind) Valid() bool { return k >= StepTalkTo && k <= StepObserve }

// NextStep is something the team will do about a segment, agreed in
// Discuss. Owner names who does it: a participant (OwnerID set, Owner
// their name when it was set) or anyone named in free text.
type NextStep struct {
	ID        int64
	Segment   int64
	Kind      StepKind
	Text      string
	Owner     string
	OwnerID   string // the participant who owns it, if the owner is one
	Due       string // YYYY-MM-DD, or empty
	Author    string // participant ID of who wrote it
	CreatedAt time.Time
}

// Vote is the dots one participant put on one segment.
type Vote struct {
	Participant string
	Segment     int64
	Dots        int
}

// Pick is one participant's choice of segment for one insight lens.
type Pick struct {
	Participant string
	Lens        Lens
	Segment     int64
}
