package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Question is a question's place in its workshop's QuestionSet, from 0.
// A note answers one.
type Question int

// Heffernan's three questions, the default set, in order.
const (
	QuestionDo Question = iota
	QuestionValue
	QuestionWho
)

// Limits on a workshop's questions.
const (
	MinQuestions   = 2
	MaxQuestions   = 5
	MaxQuestionLen = 160 // a question's prompt, in characters
	MaxShortLen    = 12  // a question's short name
)

// QuestionDef is one question as the facilitator wrote it: a Short name
// (headings, exports, import's --question) and the Prompt participants read.
type QuestionDef struct {
	Short  string `json:"short"`
	Prompt string `json:"prompt"`
}

// heffernan are the questions of the method forwhom comes from.
var heffernan = [...]QuestionDef{
	{"do", "What do we do?"},
	{"value", "What value do we deliver?"},
	{"who", "Who do we deliver this value for?"},
}

// QuestionSet is a workshop's questions: two to five, exactly one of them
// the "who" question, whose notes are grouped into customer segments; the
// others' notes are attached to segments. The zero QuestionSet is
// Heffernan's three (do, value, who), so workshops made before questions
// could change keep theirs. It is a comparable value: build one with
// NewQuestionSet.
type QuestionSet struct {
	n   int // zero: Heffernan's
	qs  [MaxQuestions]QuestionDef
	who Question
}

// DefaultQuestions are Heffernan's three.
func DefaultQuestions() QuestionSet { return QuestionSet{} }

// NewQuestionSet checks and cleans a facilitator's questions: prompts and
// short names sanitized, an empty short name made from the prompt, and
// every rule (count, length, one "who", unique short names) applied with a
// message fit for the user.
func NewQuestionSet(defs []QuestionDef, who int) (QuestionSet, error) {
	if len(defs) < MinQuestions || len(defs) > MaxQuestions {
		return QuestionSet{}, refuse(ErrInvalid, "a workshop asks %d to %d questions, not %d", MinQuestions, MaxQuestions, len(defs))
	}
	if who < 0 || who >= len(defs) {
		return QuestionSet{}, refuse(ErrInvalid, "mark exactly one question as the \"who\" question, whose answers become segments")
	}
	qs := QuestionSet{n: len(defs), who: Question(who)}
	seen := map[string]int{}
	for i, d := range defs {
		prompt := Sanitize(d.Prompt, MaxQuestionLen+1)
		switch {
		case prompt == "":
			return QuestionSet{}, refuse(ErrInvalid, "question %d needs some text", i+1)
		case len([]rune(prompt)) > MaxQuestionLen:
			return QuestionSet{}, refuse(ErrInvalid, "question %d is too long: at most %d characters", i+1, MaxQuestionLen)
		}
		short := ShortName(d.Short)
		if short == "" {
			short = ShortName(prompt)
		}
		if short == "" || isDigits(short) {
			short = "q" + strconv.Itoa(i+1)
		}
		if slices.Contains(segmentFields, short) {
			return QuestionSet{}, refuse(ErrInvalid, "question %d cannot be called %q: exports use that name; choose another short name", i+1, short)
		}
		if j, dup := seen[short]; dup {
			return QuestionSet{}, refuse(ErrInvalid, "questions %d and %d have the same short name %q; give each its own", j+1, i+1, short)
		}
		seen[short] = i
		qs.qs[i] = QuestionDef{Short: short, Prompt: prompt}
	}
	if qs.isHeffernan() {
		return QuestionSet{}, nil
	}
	return qs, nil
}

// ShortName turns what someone typed into a short name: lower case letters,
// digits and dashes, at most MaxShortLen, taken from the first words.
func ShortName(s string) string { return slug(s, MaxShortLen) }

// slug is s in lower case letters and digits, words joined by dashes: as
// many whole words as fit in max characters (the first word cut if it is
// longer alone).
func slug(s string, max int) string {
	var words []string
	var w strings.Builder
	for _, r := range strings.ToLower(Sanitize(s, 4*max+40)) + " " {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && unicode.IsLetter(r) {
			w.WriteRune(r)
			continue
		}
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	out := ""
	for _, word := range words {
		next := word
		if out != "" {
			next = out + "-" + word
		}
		if len([]rune(next)) > max {
			if out == "" {
				out = string([]rune(word)[:max])
			}
			break
		}
		out = next
	}
	return out
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func (qs QuestionSet) isHeffernan() bool {
	if qs.n != len(heffernan) || qs.who != QuestionWho {
		return false
	}
	for i, d := range heffernan {
		if qs.qs[i] != d {
			return false
		}
	}
	return true
}

// Default reports whether these are Heffernan's three questions.
func (qs QuestionSet) Default() bool { return qs.n == 0 }

// Len is how many questions there are.
func (qs QuestionSet) Len() int {
	if qs.n == 0 {
		return len(heffernan)
	}
	return qs.n
}

// List is the questions in the order they are asked.
func (qs QuestionSet) List() []Question {
	out := make([]Question, qs.Len())
	for i := range out {
		out[i] = Question(i)
	}
	return out
}

// Defs are the questions' definitions, in order.
func (qs QuestionSet) Defs() []QuestionDef {
	if qs.n == 0 {
		return heffernan[:]
	}
	return qs.qs[:qs.n:qs.n]
}

// Who is the question whose notes are grouped into segments.
func (qs QuestionSet) Who() Question {
	if qs.n == 0 {
		return QuestionWho
	}
	return qs.who
}

// IsWho reports whether q is the "who" question.
func (qs QuestionSet) IsWho(q Question) bool { return q == qs.Who() }

// Valid reports whether q is one of the questions.
func (qs QuestionSet) Valid(q Question) bool { return q >= 0 && int(q) < qs.Len() }

// Def is question q's definition.
func (qs QuestionSet) Def(q Question) QuestionDef {
	if !qs.Valid(q) {
		return QuestionDef{Short: fmt.Sprintf("q%d", int(q)+1), Prompt: fmt.Sprintf("question %d", int(q)+1)}
	}
	return qs.Defs()[q]
}

// Prompt is question q as participants read it.
func (qs QuestionSet) Prompt(q Question) string { return qs.Def(q).Prompt }

// Short is question q's short name.
func (qs QuestionSet) Short(q Question) string { return qs.Def(q).Short }

// Attached lists the questions whose notes are attached to segments: all
// but the "who" question, in order.
func (qs QuestionSet) Attached() []Question {
	var out []Question
	for _, q := range qs.List() {
		if !qs.IsWho(q) {
			out = append(out, q)
		}
	}
	return out
}

// Lookup finds a question by its place (1 to Len, as people count) or its
// short name, as a user typed it.
func (qs QuestionSet) Lookup(typed string) (Question, bool) {
	t := strings.ToLower(strings.TrimSpace(typed))
	if n, err := strconv.Atoi(t); err == nil {
		if n >= 1 && n <= qs.Len() {
			return Question(n - 1), true
		}
		return 0, false
	}
	for i, d := range qs.Defs() {
		if d.Short == t {
			return Question(i), true
		}
	}
	return 0, false
}

// Names lists the short names, for messages: "do, value or who".
func (qs QuestionSet) Names() string {
	var names []string
	for _, d := range qs.Defs() {
		names = append(names, d.Short)
	}
	return joinOr(names)
}

// SetQuestions replaces the workshop's questions. Only a facilitator may,
// only in the Lobby and only before anyone has answered: a note always
// answers the question it was written for.
type SetQuestions struct {
	Questions []QuestionDef
	Who       int // the index in Questions of the "who" question
}

// mayEditQuestions is the rule for changing the questions: a facilitator,
// in the Lobby, before any note is written. It returns the kind of
// refusal, or nil.
func mayEditQuestions(w WorkshopInfo, actor Participant, notes int) error {
	switch {
	case !actor.Facilitator():
		return ErrNotFacilitator
	case w.Phase != PhaseLobby || notes > 0:
		return ErrWrongPhase
	}
	return nil
}

func (c SetQuestions) plan(d *draft) error {
	w := d.workshop()
	switch err := mayEditQuestions(w, d.actor, len(d.st.notes)); {
	case err == ErrNotFacilitator:
		return refuse(ErrNotFacilitator, "only a facilitator can change the questions")
	case err != nil && w.Phase != PhaseLobby:
		return refuse(ErrWrongPhase, "you can change the questions only in the Lobby phase, not in %s", w.Phase.Title())
	case err != nil:
		return refuse(ErrWrongPhase, "people have already answered these questions; they stay as they are")
	}
	qs, err := NewQuestionSet(c.Questions, c.Who)
	if err != nil {
		return err
	}
	w.Questions = qs
	d.setWorkshop(w)
	return nil
}

// Questions lists Heffernan's three questions, the default set, in order.
var Questions = DefaultQuestions().List()

// questionsJSON is how a QuestionSet is written down (the store keeps it
// so): {"who": 2, "questions": [{"short": "do", "prompt": "..."}, ...]}.
type questionsJSON struct {
	Who       int           `json:"who"`
	Questions []QuestionDef `json:"questions"`
}

// MarshalJSON writes the questions and which is the "who" one.
func (qs QuestionSet) MarshalJSON() ([]byte, error) {
	return json.Marshal(questionsJSON{Who: int(qs.Who()), Questions: qs.Defs()})
}

// UnmarshalJSON reads what MarshalJSON writes, checking every rule.
func (qs *QuestionSet) UnmarshalJSON(b []byte) error {
	var j questionsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	set, err := NewQuestionSet(j.Questions, j.Who)
	if err != nil {
		return err
	}
	*qs = set
	return nil
}

// String is the question's short name among Heffernan's three; a
// workshop's own questions are named by its QuestionSet (Short).
func (q Question) String() string { return DefaultQuestions().Short(q) }

// Prompt is the question as Heffernan asks it; a workshop's own questions
// are worded by its QuestionSet (Prompt).
func (q Question) Prompt() string { return DefaultQuestions().Prompt(q) }

// ApplyTemplate sets the workshop's questions and settings (dots, cap,
// anonymity, hidden writing) from a template, all at once, under the same
// rules as SetQuestions. The caller finds the template (Manager.Template),
// so a key's own templates stay its own.
type ApplyTemplate struct {
	Template Template
}

func (c ApplyTemplate) plan(d *draft) error {
	if err := (SetQuestions{Questions: c.Template.Questions.Defs(), Who: int(c.Template.Questions.Who())}).plan(d); err != nil {
		return err
	}
	t := c.Template
	if t.DotBudget < 0 || t.DotBudget > MaxDotBudget || t.MaxPerSegment < 0 {
		return refuse(ErrInvalid, "the template's dots are out of range")
	}
	w := d.workshop()
	t.apply(&w)
	d.setWorkshop(w)
	return nil
}
