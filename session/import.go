package session

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Answers may come from outside the room: a survey of customers, or the
// notes of interviews. A facilitator imports them as notes marked with
// their source, all or nothing, in one command.

// MaxSourceLen caps an import's source label, in characters.
const MaxSourceLen = 24

// DefaultSource is the source of imported notes when none is given.
const DefaultSource = "import"

// ImportedAnswer is one answer read from an import file, with the line it
// was read from, for messages.
type ImportedAnswer struct {
	Line     int
	Question Question
	Text     string
}

// ParseQuestion reads one of Heffernan's questions as an import names it
// (see ParseQuestionIn).
func ParseQuestion(s string) (Question, error) { return ParseQuestionIn(DefaultQuestions(), s) }

// ParseQuestionIn reads a question of the set as an import names it: by
// its short name (do, value or who for Heffernan's) or its number from 1,
// in any case.
func ParseQuestionIn(qs QuestionSet, s string) (Question, error) {
	if q, ok := qs.Lookup(s); ok {
		return q, nil
	}
	return 0, refuse(ErrInvalid, "unknown question %q: use %s (or 1 to %d)", Sanitize(s, 20), qs.Names(), qs.Len())
}

// ParseImport reads the answers of an import file. With no question it is
// CSV whose header names at least the columns question and text (others
// are ignored); with a question, plain text with one answer per line, each
// answering it. Anything wrong is refused with the line it is on, and
// nothing is returned: a file is imported whole or not at all. Blank lines
// at the end of a plain-text file are ignored; blank lines between answers
// are not.
func ParseImport(data []byte, question *Question) ([]ImportedAnswer, error) {
	return ParseImportFor(DefaultQuestions(), data, question)
}

// ParseImportFor is ParseImport for a workshop asking the questions qs: a
// CSV's question column names them by short name or number.
func ParseImportFor(qs QuestionSet, data []byte, question *Question) ([]ImportedAnswer, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a spreadsheet's byte-order mark
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return nil, refuse(ErrInvalid, "line %d is not valid UTF-8: save the file as UTF-8", line)
	}
	var out []ImportedAnswer
	var err error
	if question != nil {
		out, err = parsePlain(string(data), *question)
	} else {
		out, err = parseCSV(qs, data)
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, refuse(ErrInvalid, "the file has no answers")
	}
	return out, nil
}

// invalidAt is the offset of the first byte that is not valid UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func parsePlain(data string, q Question) ([]ImportedAnswer, error) {
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	out := make([]ImportedAnswer, 0, len(lines))
	for i, l := range lines {
		text, err := answerText(l, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, ImportedAnswer{Line: i + 1, Question: q, Text: text})
	}
	return out, nil
}

func parseCSV(qs QuestionSet, data []byte) ([]ImportedAnswer, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // other columns are ignored, so rows may differ in length
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, refuse(ErrInvalid, "the file is empty: it needs a header naming the columns question and text")
	}
	if err != nil {
		return nil, csvRefusal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[name]; !dup {
			col[name] = i
		}
	}
	qi, okQ := col["question"]
	ti, okT := col["text"]
	switch {
	case !okQ && !okT:
		return nil, refuse(ErrInvalid, "line 1 names no question and no text column: a CSV import needs a header such as question,text (or give --question for a plain list, one answer per line)")
	case !okQ:
		return nil, refuse(ErrInvalid, "line 1 names no question column: the header needs question and text (or give --question for a plain list)")
	case !okT:
		return nil, refuse(ErrInvalid, "line 1 names no text column: the header needs question and text")
	}
	var out []ImportedAnswer
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, csvRefusal(err)
		}
		line, _ := r.FieldPos(0)
		if qi >= len(rec) || ti >= len(rec) {
			return nil, refuse(ErrInvalid, "line %d has %d columns; the header has %d", line, len(rec), len(header))
		}
		q, err := ParseQuestionIn(qs, rec[qi])
		if err != nil {
			return nil, refuse(ErrInvalid, "line %d: %v", line, err)
		}
		text, err := answerText(rec[ti], line)
		if err != nil {
			return nil, err
		}
		out = append(out, ImportedAnswer{Line: line, Question: q, Text: text})
	}
}

// csvRefusal says where a CSV file stops being CSV.
func csvRefusal(err error) error {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return refuse(ErrInvalid, "line %d is not valid CSV: %v", pe.Line, pe.Err)
	}
	return refuse(ErrInvalid, "the file is not valid CSV: %v", err)
}

// answerText is an answer's text as a note keeps it, or why it cannot be
// one.
func answerText(s string, line int) (string, error) {
	text := Sanitize(s, math.MaxInt)
	if text == "" {
		return "", refuse(ErrInvalid, "line %d is empty: every line must be an answer", line)
	}
	if n := utf8.RuneCountInString(text); n > MaxNoteLen {
		return "", refuse(ErrInvalid, "line %d is %d characters long; a note is at most %d", line, n, MaxNoteLen)
	}
	return text, nil
}

// ImportNotes adds answers from outside the room as notes marked with
// their source: all of them, in one commit, or none.
type ImportNotes struct {
	Source  string // "survey"; empty means DefaultSource
	Answers []ImportedAnswer
}

func (c ImportNotes) plan(d *draft) error {
	if err := d.requireFacilitator("import answers"); err != nil {
		return err
	}
	if err := d.requirePhase("import answers", PhaseLobby, PhaseAnswer); err != nil {
		return err
	}
	source := Sanitize(c.Source, MaxSourceLen)
	if source == "" {
		source = DefaultSource
	}
	if len(c.Answers) == 0 {
		return refuse(ErrInvalid, "there are no answers to import")
	}
	have := len(d.st.notes)
	if limit := d.limits.NotesPerWorkshop; limit > 0 && have+len(c.Answers) > limit {
		first := c.Answers[max(0, limit-have)] // the first answer that does not fit
		return refuse(ErrLimit, "line %d is over the workshop's note limit: it may hold %d notes and has %d, "+
			"so %d of the file's %d answers fit; nothing was imported",
			first.Line, limit, have, max(0, limit-have), len(c.Answers))
	}
	for i, a := range c.Answers {
		if !d.workshop().Questions.Valid(a.Question) {
			return refuse(ErrInvalid, "line %d answers no known question", a.Line)
		}
		text, err := answerText(a.Text, a.Line)
		if err != nil {
			return err
		}
		d.setNote(Note{
			ID:        d.st.nextNote + int64(i),
			Question:  a.Question,
			Text:      text,
			Source:    source,
			CreatedAt: d.now,
		})
	}
	return nil
}
