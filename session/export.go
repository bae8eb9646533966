package session

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Format is an export format.
type Format string

// The export formats.
const (
	FormatMarkdown Format = "md"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
)

// Formats lists the export formats.
var Formats = []Format{FormatMarkdown, FormatCSV, FormatJSON}

// ParseFormat reads a format name as a user typed it.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatMarkdown, "markdown":
		return FormatMarkdown, nil
	case FormatCSV, FormatJSON:
		return f, nil
	}
	return "", refuse(ErrInvalid, "unknown format %q: use md, csv or json", Sanitize(s, 20))
}

// Result is the outcome of a workshop: what the exports contain. Its JSON
// field names are stable.
type Result struct {
	Code         string           `json:"code"`
	Title        string           `json:"title"`
	Phase        string           `json:"phase"`
	Date         string           `json:"date"` // the day the workshop was created, YYYY-MM-DD
	Anonymous    bool             `json:"anonymous"`
	Participants int              `json:"participants"`
	DotBudget    int              `json:"dot_budget"`
	MaxPerSeg    int              `json:"max_per_segment"`
	Questions    []ResultQuestion `json:"questions"`
	Answers      ResultAnswers    `json:"answers"`
	// Segments are the customer segments, ranked; stakeholders and
	// segments the team does not serve are listed apart.
	Segments     []ResultSegment `json:"segments"`
	Stakeholders []ResultSegment `json:"stakeholders"`
	NotServed    []ResultSegment `json:"not_served"`
	Insights     []ResultInsight `json:"insights"`
	// A follow-up's: the workshop it follows and how segments moved since.
	Follows  string       `json:"follows,omitempty"`
	Movement []ResultMove `json:"movement,omitempty"`
}

// ResultMove is how one segment moved since the workshop a follow-up
// follows: Rank and Votes are zero when it was dropped, ThenRank and
// ThenVotes when it is new.
type ResultMove struct {
	Segment   string `json:"segment"`
	Then      string `json:"then,omitempty"` // its name then, when matched
	Move      string `json:"move"`           // same, up, down, new or dropped
	By        int    `json:"by,omitempty"`   // places up or down
	Rank      int    `json:"rank"`
	Votes     int    `json:"votes"`
	ThenRank  int    `json:"then_rank"`
	ThenVotes int    `json:"then_votes"`
	Review    string `json:"review,omitempty"` // what the room said of it then
	// Steps are the next steps agreed for it then, and what the room
	// said of each in the follow-up's Lobby.
	Steps []ResultEarlierStep `json:"steps,omitempty"`
}

// ResultEarlierStep is one of the next steps the earlier workshop agreed
// for a segment, and its review ("done", "still open", "dropped"; empty
// when not reviewed).
type ResultEarlierStep struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	Owner  string `json:"owner"`
	Due    string `json:"due"`
	Review string `json:"review,omitempty"`
}

// ResultQuestion is one of the workshop's questions.
type ResultQuestion struct {
	Short  string `json:"short"`
	Prompt string `json:"prompt"`
	Who    bool   `json:"who"` // its notes are the segments'
}

// ResultAnswers are all notes, by the short name of the question they
// answer: "do", "value" and "who" for Heffernan's questions.
type ResultAnswers map[string][]ResultNote

// ResultNote is one note; Author is empty in an anonymous workshop, and
// Source says where an imported note came from ("survey").
type ResultNote struct {
	Text    string `json:"text"`
	Author  string `json:"author,omitempty"`
	Source  string `json:"source,omitempty"`
	Segment string `json:"segment,omitempty"`
}

// ResultSegment is one segment of a list: Rank is its place in that list,
// VoteRank its place in the whole vote ranking. Segments of a list with
// as many votes share a rank, and each names the others in TiedWith.
// Type and Role are empty until the room says them.
type ResultSegment struct {
	Rank      int          `json:"rank"`
	VoteRank  int          `json:"vote_rank"`
	Name      string       `json:"name"`
	Type      string       `json:"type"`
	Role      string       `json:"role"`
	Votes     int          `json:"votes"`
	Voters    int          `json:"voters"`
	TiedWith  []string     `json:"tied_with"`
	Insights  []string     `json:"insights"` // lenses it leads; "(tie)" when it shares the lead
	Notes     []ResultNote `json:"notes"`
	NextSteps []ResultStep `json:"next_steps"`
	// Attached are the notes of the other questions attached to the
	// segment, one entry per question in order. In JSON each is a field
	// named by its question's short name ("do", "value", ...).
	Attached []ResultAttached `json:"-"`
}

// ResultAttached is one question's notes attached to a segment.
type ResultAttached struct {
	Question string // its short name
	Prompt   string
	Notes    []ResultNote
}

// Of returns the notes of the question with this short name.
func (s ResultSegment) Of(short string) []ResultNote {
	for _, a := range s.Attached {
		if a.Question == short {
			return a.Notes
		}
	}
	return nil
}

// MarshalJSON writes the segment's fields, then its attached notes as one
// field per question, in the questions' order.
func (s ResultSegment) MarshalJSON() ([]byte, error) {
	b, err := jsonNoEscape(segmentHead(s))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}"))
	steps := ResultAttached{Question: "next_steps"} // after the notes, as before questions could change
	for _, a := range append(slices.Clone(s.Attached), steps) {
		if a.Question == "next_steps" {
			v, err := jsonNoEscape(cmpSteps(s.NextSteps))
			if err != nil {
				return nil, err
			}
			b = append(append(b, `,"next_steps":`...), bytes.TrimSpace(v)...)
			continue
		}
		k, err := jsonNoEscape(a.Question)
		if err != nil {
			return nil, err
		}
		v, err := jsonNoEscape(cmpNotes(a.Notes))
		if err != nil {
			return nil, err
		}
		b = append(b, ',')
		b = append(b, bytes.TrimSpace(k)...)
		b = append(b, ':')
		b = append(b, bytes.TrimSpace(v)...)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads what MarshalJSON writes: any field it does not know
// is a question's attached notes, kept in the order they come.
func (s *ResultSegment) UnmarshalJSON(data []byte) error {
	type fields ResultSegment
	var f fields
	if err := json.Unmarshal(data, &f); err != nil {
		return err
	}
	*s = ResultSegment(f)
	s.Attached = nil
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if slices.Contains(segmentFields, k) {
			continue
		}
		a := ResultAttached{Question: k}
		if err := json.Unmarshal(raw, &a.Notes); err != nil {
			return fmt.Errorf("segment field %q: %w", k, err)
		}
		s.Attached = append(s.Attached, a)
	}
	return nil
}

// segmentFields are ResultSegment's own JSON fields, which no question's
// short name may take.
var segmentFields = []string{"rank", "vote_rank", "name", "type", "role", "votes", "voters", "tied_with", "insights", "notes", "next_steps"}

// segmentHead is ResultSegment as JSON writes it before the attached notes
// and the next steps.
type segmentHead struct {
	Rank      int              `json:"rank"`
	VoteRank  int              `json:"vote_rank"`
	Name      string           `json:"name"`
	Type      string           `json:"type"`
	Role      string           `json:"role"`
	Votes     int              `json:"votes"`
	Voters    int              `json:"voters"`
	TiedWith  []string         `json:"tied_with"`
	Insights  []string         `json:"insights"`
	Notes     []ResultNote     `json:"notes"`
	NextSteps []ResultStep     `json:"-"`
	Attached  []ResultAttached `json:"-"`
}

func cmpSteps(s []ResultStep) []ResultStep {
	if s == nil {
		return []ResultStep{}
	}
	return s
}

func cmpNotes(n []ResultNote) []ResultNote {
	if n == nil {
		return []ResultNote{}
	}
	return n
}

// jsonNoEscape is json.Marshal keeping <, > and & as they are.
func jsonNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ResultStep is one next step. Due is YYYY-MM-DD or empty.
type ResultStep struct {
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Owner   string `json:"owner"`
	Due     string `json:"due"`
	Segment string `json:"segment"`
}

// ResultInsight is the room's answer to one insight lens: the segments
// most picked, one or (a tie) several.
type ResultInsight struct {
	Lens     string   `json:"lens"`
	Question string   `json:"question"`
	Segment  string   `json:"segment"`  // the one most picked; empty when nobody picked or on a tie
	Segments []string `json:"segments"` // every segment most picked, in rank order
	Tie      bool     `json:"tie"`
	Picks    int      `json:"picks"` // each leader's picks
}

// ResultOf computes a workshop's result from a snapshot: segments in rank
// order with their totals, whatever the room has been shown so far.
func ResultOf(s *Snapshot) *Result {
	b := s.shared()
	w := s.Workshop
	r := &Result{
		Code:         w.Code,
		Title:        w.Title,
		Phase:        w.Phase.String(),
		Date:         w.CreatedAt.UTC().Format(time.DateOnly),
		Anonymous:    w.Settings.Anonymous,
		Participants: tookPart(s, b),
		DotBudget:    w.Settings.DotBudget,
		MaxPerSeg:    w.Settings.MaxPerSegment,
		Answers:      ResultAnswers{},
		Segments:     []ResultSegment{},
		Stakeholders: []ResultSegment{},
		NotServed:    []ResultSegment{},
		Insights:     []ResultInsight{},
	}
	segName := map[int64]string{}
	for _, sv := range b.segments {
		segName[sv.ID] = sv.Name
	}
	note := func(n NoteView) ResultNote {
		return ResultNote{Text: n.Text, Author: n.AuthorName, Source: n.Source, Segment: segName[n.Segment]}
	}
	qs := w.Questions
	for _, q := range qs.List() {
		r.Questions = append(r.Questions, ResultQuestion{Short: qs.Short(q), Prompt: qs.Prompt(q), Who: qs.IsWho(q)})
		r.Answers[qs.Short(q)] = []ResultNote{}
	}
	for _, n := range b.notes {
		if qs.Valid(n.Question) {
			short := qs.Short(n.Question)
			r.Answers[short] = append(r.Answers[short], note(n))
		}
	}
	attached := qs.Attached()
	for _, sv := range b.segments {
		rs := ResultSegment{
			VoteRank: sv.Rank, Name: sv.Name, Type: sv.Type.String(), Role: sv.Role.String(),
			Votes: sv.Votes, Voters: sv.Voters, TiedWith: []string{},
			Insights: []string{}, Notes: []ResultNote{}, Attached: make([]ResultAttached, len(attached)),
			NextSteps: []ResultStep{},
		}
		for i, q := range attached {
			rs.Attached[i] = ResultAttached{Question: qs.Short(q), Prompt: qs.Prompt(q), Notes: []ResultNote{}}
		}
		for _, st := range sv.NextSteps {
			rs.NextSteps = append(rs.NextSteps, ResultStep{
				Kind: st.Kind.String(), Text: st.Text, Owner: st.Owner, Due: st.Due, Segment: sv.Name,
			})
		}
		for _, l := range sv.Marks {
			mark := l.String()
			if len(b.insights[l].Leaders) > 1 {
				mark += " (tie)"
			}
			rs.Insights = append(rs.Insights, mark)
		}
		for _, n := range sv.Notes {
			rs.Notes = append(rs.Notes, ResultNote{Text: n.Text, Author: n.AuthorName, Source: n.Source})
		}
		for _, n := range sv.Attached {
			if i := slices.Index(attached, n.Question); i >= 0 {
				rs.Attached[i].Notes = append(rs.Attached[i].Notes, ResultNote{Text: n.Text, Author: n.AuthorName, Source: n.Source})
			}
		}
		list := &r.Segments
		switch sv.Listing() {
		case ListNotServed:
			list = &r.NotServed
		case ListStakeholders:
			list = &r.Stakeholders
		}
		*list = append(*list, rs)
	}
	for _, list := range [][]ResultSegment{r.Segments, r.Stakeholders, r.NotServed} {
		rankList(list)
	}
	r.Follows = w.Follows
	for _, mv := range b.movement {
		rm := ResultMove{Segment: mv.Name, Then: mv.ThenName, Move: mv.Move.String(), By: mv.By,
			Rank: mv.Rank, Votes: mv.Votes, ThenRank: mv.ThenRank, ThenVotes: mv.ThenVotes}
		if mv.Status != ReviewNone {
			rm.Review = mv.Status.String()
		}
		for _, st := range mv.Steps {
			rs := ResultEarlierStep{Kind: st.Kind.String(), Text: st.Text, Owner: st.Owner, Due: st.Due}
			if st.Status != ReviewNone {
				rs.Review = st.Status.String()
			}
			rm.Steps = append(rm.Steps, rs)
		}
		r.Movement = append(r.Movement, rm)
	}
	for _, l := range Lenses {
		in := b.insights[l]
		ri := ResultInsight{Lens: l.String(), Question: l.Prompt(), Segments: []string{}, Tie: in.Tie(), Picks: in.Picks()}
		for _, seg := range in.Leaders {
			ri.Segments = append(ri.Segments, segName[seg])
		}
		if len(ri.Segments) == 1 {
			ri.Segment = ri.Segments[0]
		}
		r.Insights = append(r.Insights, ri)
	}
	return r
}

// rankList numbers a list in vote order: segments that share a vote rank
// (as many votes) share their rank in the list and name each other.
func rankList(list []ResultSegment) {
	for i := range list {
		list[i].Rank = i + 1
		if i > 0 && list[i].VoteRank == list[i-1].VoteRank {
			list[i].Rank = list[i-1].Rank
		}
		for j := range list {
			if j != i && list[j].VoteRank == list[i].VoteRank {
				list[i].TiedWith = append(list[i].TiedWith, list[j].Name)
			}
		}
	}
}

// Table is what a CSV export lists: the segment ranking (the default) or
// the next steps.
type Table string

// The tables.
const (
	TableSegments  Table = "segments"
	TableNextSteps Table = "next-steps"
)

// ParseTable reads a table name as a user typed it.
func ParseTable(s string) (Table, error) {
	switch t := Table(strings.ToLower(strings.TrimSpace(s))); t {
	case TableSegments, TableNextSteps:
		return t, nil
	case "next_steps", "nextsteps", "steps":
		return TableNextSteps, nil
	}
	return "", refuse(ErrInvalid, "unknown table %q: use segments or next-steps", Sanitize(s, 20))
}

// Export renders a workshop's result in a format.
func Export(s *Snapshot, f Format) ([]byte, error) { return ExportTable(s, f, TableSegments) }

// ExportTable renders a workshop's result in a format; a CSV lists the
// table asked for.
func ExportTable(s *Snapshot, f Format, t Table) ([]byte, error) {
	r := ResultOf(s)
	if t == "" {
		t = TableSegments
	}
	if t != TableSegments && f != FormatCSV {
		return nil, refuse(ErrInvalid, "the %s table is a CSV export: add --format csv (md and json carry the next steps already)", t)
	}
	switch f {
	case FormatMarkdown:
		return r.Markdown(), nil
	case FormatCSV:
		if t == TableNextSteps {
			return r.NextStepsCSV()
		}
		return r.CSV()
	case FormatJSON:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		// A report for people and programs, not for embedding in HTML:
		// "<toil> & risk" stays readable instead of \u003ctoil\u003e.
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil {
			return nil, fmt.Errorf("encoding the result as JSON: %w", err)
		}
		return buf.Bytes(), nil
	}
	return nil, refuse(ErrInvalid, "unknown format %q: use md, csv or json", string(f))
}

// CSVHeader is the header row of the CSV export of a workshop with
// Heffernan's questions (see CSVHeaderFor).
var CSVHeader = CSVHeaderFor(DefaultQuestions())

// CSVHeaderFor is the header row of the CSV export: the segment's columns,
// its "who" notes, then a column per question whose notes are attached to
// segments ("do notes", "value notes", ...), the segments it ties with,
// its type and role.
func CSVHeaderFor(qs QuestionSet) []string {
	h := []string{"rank", "segment", "votes", "voters", "notes count", "insights", "notes"}
	skip := ""
	if qs.Default() {
		skip = "do"
	}
	for _, q := range qs.Attached() {
		if qs.Short(q) != skip {
			h = append(h, qs.Short(q)+" notes")
		}
	}
	return append(h, "tied with", "type", "role")
}

// csvSkips is the attached question the CSV leaves out: with Heffernan's
// questions, "do", as the CSV always has (one row per segment reads as who
// they are and the value they get); with the facilitator's own questions,
// none.
func csvSkips(qs []ResultQuestion) string {
	defs := make([]QuestionDef, len(qs))
	who := -1
	for i, q := range qs {
		defs[i] = QuestionDef{Short: q.Short, Prompt: q.Prompt}
		if q.Who {
			who = i
		}
	}
	if set, err := NewQuestionSet(defs, who); err == nil && set.Default() {
		return "do"
	}
	return ""
}

// CSV renders one row per segment, RFC 4180 quoted; a cell that joins
// several notes puts each on its own line. Customer segments come first,
// ranked; stakeholders and segments not served follow with no rank.
func (r *Result) CSV() ([]byte, error) {
	skip := csvSkips(r.Questions)
	header := []string{"rank", "segment", "votes", "voters", "notes count", "insights", "notes"}
	for _, q := range r.Questions {
		if !q.Who && q.Short != skip {
			header = append(header, q.Short+" notes")
		}
	}
	rows := [][]string{append(header, "tied with", "type", "role")}
	for i, list := range [][]ResultSegment{r.Segments, r.Stakeholders, r.NotServed} {
		for _, s := range list {
			rank := ""
			if i == 0 {
				rank = strconv.Itoa(s.Rank)
			}
			row := []string{
				rank, csvText(s.Name), strconv.Itoa(s.Votes), strconv.Itoa(s.Voters),
				strconv.Itoa(len(s.Notes)), strings.Join(s.Insights, "; "),
				csvText(joinNotes(s.Notes)),
			}
			for _, a := range s.Attached {
				if a.Question != skip {
					row = append(row, csvText(joinNotes(a.Notes)))
				}
			}
			rows = append(rows, append(row, csvText(strings.Join(s.TiedWith, "; ")), s.Type, s.Role))
		}
	}
	return writeCSV(rows)
}

// NextStepsHeader is the header row of the next-steps CSV export: columns
// an issue tracker's import takes.
var NextStepsHeader = []string{"title", "description", "owner", "due", "segment", "kind"}

// NextStepsCSV renders one row per next step, customer segments' first in
// rank order, then stakeholders' and those of segments not served.
func (r *Result) NextStepsCSV() ([]byte, error) {
	rows := [][]string{NextStepsHeader}
	for _, list := range [][]ResultSegment{r.Segments, r.Stakeholders, r.NotServed} {
		for _, s := range list {
			for _, st := range s.NextSteps {
				rows = append(rows, []string{
					csvText(stepTitle(st)), csvText(stepDescription(r, s, st)), csvText(st.Owner), st.Due,
					csvText(s.Name), st.Kind,
				})
			}
		}
	}
	return writeCSV(rows)
}

// stepTitle is a next step as an issue's title: its kind and the start of
// its text.
func stepTitle(st ResultStep) string {
	title := strings.ToUpper(st.Kind[:1]) + st.Kind[1:] + ": " + st.Text
	if cut := truncateGraphemes(title, 79); cut != title {
		return cut + "…"
	}
	return title
}

// stepDescription is a next step as an issue's description: its whole text
// and where it came from.
func stepDescription(r *Result, s ResultSegment, st ResultStep) string {
	who := strings.Join(slicesNonEmpty(s.Type, s.Role), ", ")
	if who != "" {
		who = " (" + who + ")"
	}
	return fmt.Sprintf("%s\n\nSegment: %s%s, vote rank %d.\nFrom the workshop “%s” (%s, %s).",
		st.Text, s.Name, who, s.VoteRank, r.Title, r.Code, r.Date)
}

func slicesNonEmpty(words ...string) []string {
	var out []string
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func writeCSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // RFC 4180
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("writing CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// csvText keeps a participant's words from being read as a formula when
// the CSV is opened in a spreadsheet (CSV injection): a cell that starts
// with =, +, - or @ (or a tab or carriage return) gets a leading single
// quote, as OWASP recommends. Spreadsheets show the text as it was typed.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func joinNotes(notes []ResultNote) string {
	lines := make([]string, len(notes))
	for i, n := range notes {
		lines[i] = n.Text
		if n.Author != "" {
			lines[i] += " (" + n.Author + ")"
		}
		if n.Source != "" {
			lines[i] += " [" + n.Source + "]"
		}
	}
	return strings.Join(lines, "\n")
}

// Markdown renders the result as a report.
func (r *Result) Markdown() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdText(r.Title))
	fmt.Fprintf(&b, "- Date: %s\n- Join code: %s\n- Participants: %d\n- Phase: %s\n- Dots: %d per person, at most %d per segment\n\n",
		r.Date, r.Code, r.Participants, r.Phase, r.DotBudget, r.MaxPerSeg)

	b.WriteString("## Insights\n\n")
	for _, in := range r.Insights {
		winner := "_no pick_"
		switch {
		case in.Tie:
			names := make([]string, len(in.Segments))
			for i, s := range in.Segments {
				names[i] = "**" + mdText(s) + "**"
			}
			winner = fmt.Sprintf("tie between %s (%d %s each)", joinAnd(names), in.Picks, plural(in.Picks, "pick", "picks"))
		case len(in.Segments) == 1:
			winner = fmt.Sprintf("**%s** (%d %s)", mdText(in.Segments[0]), in.Picks, plural(in.Picks, "pick", "picks"))
		}
		fmt.Fprintf(&b, "- %s %s\n", in.Question, winner)
	}

	b.WriteString("\n## Prioritized segments\n\n")
	if len(r.Segments) == 0 {
		b.WriteString("_No customer segments yet._\n\n")
	} else {
		b.WriteString("Each customer segment's canvas: who they are, what we do for them, the value they get, ")
		b.WriteString("what kind of customer they are, what the room saw in them, and what we will do next.\n\n")
	}
	for _, s := range r.Segments {
		mdSegment(&b, s)
	}
	for _, part := range []struct {
		heading, about string
		list           []ResultSegment
	}{
		{"Stakeholders", "A voice in the room, not the customer.", r.Stakeholders},
		{"Not served by us", "Segments the team decided it does not serve.", r.NotServed},
	} {
		if len(part.list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n%s\n\n", part.heading, part.about)
		for _, s := range part.list {
			mdSegment(&b, s)
		}
	}

	if r.Follows != "" {
		fmt.Fprintf(&b, "## Since %s\n\n", r.Follows)
		if len(r.Movement) == 0 {
			b.WriteString("_No segments then or now._\n\n")
		}
		for _, mv := range r.Movement {
			fmt.Fprintf(&b, "- %s\n", mdMove(mv))
			for _, st := range mv.Steps {
				fmt.Fprintf(&b, "  - %s\n", mdEarlierStep(st))
			}
		}
		if len(r.Movement) > 0 {
			b.WriteString("\n")
		}
	}

	b.WriteString("## Answers\n\n")
	for _, q := range r.Questions {
		notes := r.Answers[q.Short]
		fmt.Fprintf(&b, "### %s\n\n", mdText(q.Prompt))
		if len(notes) == 0 {
			b.WriteString("_No answers._\n\n")
			continue
		}
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", mdNote(n))
		}
		b.WriteString("\n")
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

// mdSegment writes one segment's canvas.
func mdSegment(b *strings.Builder, s ResultSegment) {
	fmt.Fprintf(b, "### %d. %s — %d %s from %d %s", s.Rank, mdText(s.Name),
		s.Votes, plural(s.Votes, "vote", "votes"), s.Voters, plural(s.Voters, "voter", "voters"))
	if len(s.TiedWith) > 0 {
		names := make([]string, len(s.TiedWith))
		for i, n := range s.TiedWith {
			names[i] = mdText(n)
		}
		fmt.Fprintf(b, ", tied with %s", joinAnd(names))
	}
	if len(s.Insights) > 0 {
		fmt.Fprintf(b, " [%s]", strings.Join(s.Insights, ", "))
	}
	b.WriteString("\n\n")
	mdList(b, "Who", s.Notes)
	for _, a := range s.Attached {
		mdList(b, attachedHeading(a), a.Notes)
	}
	kind := strings.Join(slicesNonEmpty(s.Type, s.Role), ", ")
	if kind == "" {
		kind = "_not said_"
	}
	insights := strings.Join(s.Insights, ", ")
	if insights == "" {
		insights = "_none_"
	}
	fmt.Fprintf(b, "- Type and role: %s\n- Insights: %s\n- Vote rank: %d\n\n", kind, insights, s.VoteRank)
	if len(s.NextSteps) == 0 {
		b.WriteString("Next steps: _none yet_\n\n")
		return
	}
	b.WriteString("Next steps:\n\n")
	for _, st := range s.NextSteps {
		fmt.Fprintf(b, "- %s: %s", strings.ToUpper(st.Kind[:1])+st.Kind[1:], mdText(st.Text))
		var tail []string
		if st.Owner != "" {
			tail = append(tail, "owner "+mdText(st.Owner))
		}
		if st.Due != "" {
			tail = append(tail, "due "+st.Due)
		}
		if len(tail) > 0 {
			fmt.Fprintf(b, " — %s", strings.Join(tail, ", "))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// attachedHeading is how the report introduces a segment's notes of one
// question: Heffernan's in words, others by their question.
func attachedHeading(a ResultAttached) string {
	switch {
	case a.Question == "do" && a.Prompt == heffernan[QuestionDo].Prompt:
		return "What we do for them"
	case a.Question == "value" && a.Prompt == heffernan[QuestionValue].Prompt:
		return "Value they get"
	}
	return mdText(a.Prompt)
}

// mdMove says how one segment moved: "**Ops** — rank 1, was 2: up 1;
// 7 votes, were 4".
func mdMove(mv ResultMove) string {
	name := "**" + mdText(mv.Segment) + "**"
	if mv.Then != "" && mv.Then != mv.Segment {
		name += " (then " + mdText(mv.Then) + ")"
	}
	var s string
	switch mv.Move {
	case "new":
		s = fmt.Sprintf("%s — new: rank %d, %d %s", name, mv.Rank, mv.Votes, plural(mv.Votes, "vote", "votes"))
	case "dropped":
		s = fmt.Sprintf("%s — dropped: was rank %d, %d %s", name, mv.ThenRank, mv.ThenVotes, plural(mv.ThenVotes, "vote", "votes"))
	default:
		move := "same rank"
		if mv.By > 0 {
			move = fmt.Sprintf("%s %d", mv.Move, mv.By)
		}
		s = fmt.Sprintf("%s — rank %d, was %d: %s; %d %s, then %d", name, mv.Rank, mv.ThenRank, move,
			mv.Votes, plural(mv.Votes, "vote", "votes"), mv.ThenVotes)
	}
	if mv.Review != "" {
		s += " (reviewed: " + mv.Review + ")"
	}
	return s
}

// mdEarlierStep is one of the next steps agreed then, with its review.
func mdEarlierStep(st ResultEarlierStep) string {
	s := fmt.Sprintf("%s: %s", strings.ToUpper(st.Kind[:1])+st.Kind[1:], mdText(st.Text))
	var tail []string
	if st.Owner != "" {
		tail = append(tail, "owner "+mdText(st.Owner))
	}
	if st.Due != "" {
		tail = append(tail, "due "+st.Due)
	}
	if len(tail) > 0 {
		s += " — " + strings.Join(tail, ", ")
	}
	if st.Review == "" {
		return s + " (not reviewed)"
	}
	return s + " (reviewed: " + st.Review + ")"
}

func mdList(b *strings.Builder, heading string, notes []ResultNote) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(b, "%s:\n\n", heading)
	for _, n := range notes {
		fmt.Fprintf(b, "- %s\n", mdNote(n))
	}
	b.WriteString("\n")
}

func mdNote(n ResultNote) string {
	s := mdText(n.Text)
	if n.Author != "" {
		s += " — _" + mdText(n.Author) + "_"
	}
	if n.Source != "" {
		s += " _(" + mdText(n.Source) + ")_"
	}
	return s
}

// mdText escapes the characters that would turn a participant's words into
// Markdown structure.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`, "~", `\~`,
)

func mdText(s string) string {
	s = mdEscaper.Replace(s)
	// Text that starts like a list item ("- x", "+ x", "1. x", "1) x")
	// would nest a list in the list item it is written into, or end it
	// ("- ---" is a rule): escape the marker.
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return `\` + s
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		return s[:digits] + `\` + s[digits:]
	}
	return s
}

// joinAnd joins words as a list in a sentence: "A", "A and B", "A, B and C".
func joinAnd(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
