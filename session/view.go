package session

import (
	"cmp"
	"slices"
	"strings"
)

// View is what one participant may see of a workshop: the projection of a
// Snapshot for them. Whatever they must not see — others' notes while
// answering is hidden, vote totals before they are revealed, authors in an
// anonymous workshop — is not in it. A View shares slices with other views
// of the same snapshot: read it, never modify it.
type View struct {
	Version  uint64
	Workshop WorkshopInfo
	Me       Participant
	People   []Person // everyone not removed, in join order

	// Notes are the notes this participant may see, by ID; NoteCounts
	// counts every note per question, hidden or not.
	Notes      []NoteView
	NoteCounts [3]int

	// Segments are ranked (votes, then notes, then name) once totals are
	// visible; before that they keep the order they were made in.
	Segments      []SegmentView
	TotalsVisible bool

	DotsLeft    int
	VotersDone  int // participants who used every dot or said they are done
	VotersTotal int

	Insights [3]InsightView // by Lens
}

// Person is a participant as the room sees them.
type Person struct {
	ID     string
	Name   string
	Role   Role
	Guest  bool
	Online bool
	Ready  bool
	Notes  int // how many notes they wrote
}

// NoteView is a note as one participant sees it. In an anonymous workshop
// someone else's note carries neither its author's name nor their ID.
type NoteView struct {
	Note
	AuthorName string // empty when the workshop is anonymous
	Mine       bool
}

// SegmentView is a customer segment with its notes and, when visible, its
// votes.
type SegmentView struct {
	Segment
	Rank     int        // 1-based place in the list
	Votes    int        // zero until totals are visible
	Voters   int        // zero until totals are visible
	MyDots   int        // the viewer's own dots on it
	Notes    []NoteView // its "who" notes
	Attached []NoteView // "do" and "value" notes attached to it
	Marks    []Lens     // insights this segment won
}

// InsightView is the room's poll for one lens.
type InsightView struct {
	Lens   Lens
	Winner int64         // the segment most picked (ties: higher rank); zero if none or while totals are hidden
	Counts map[int64]int // picks per segment
	Mine   int64         // the viewer's pick
}

// board is what every view of one snapshot shares, computed once.
type board struct {
	people      []Person
	index       map[string]int // participant ID → index in people
	names       map[string]string
	notes       []NoteView       // all notes, authors filled in
	author      map[int64]string // note ID → author ID, also for notes whose Author is hidden
	counts      [3]int
	segments    []SegmentView // ranked by votes, totals filled in; authors hidden if anonymous
	byPosition  []SegmentView // the same segments in creation order, totals zeroed
	spent       map[string]int
	votersDone  int
	votersTotal int
	insights    [3]InsightView
}

func (s *Snapshot) shared() *board {
	s.boardOnce.Do(func() { s.board = buildBoard(s) })
	return s.board
}

func buildBoard(s *Snapshot) *board {
	b := &board{
		index: make(map[string]int, len(s.Participants)),
		names: make(map[string]string, len(s.Participants)),
		spent: make(map[string]int),
	}
	noteCount := map[string]int{}
	for _, n := range s.Notes {
		noteCount[n.Author]++
	}
	for _, p := range s.Participants {
		b.names[p.ID] = p.Name
		if p.Removed {
			continue
		}
		b.index[p.ID] = len(b.people)
		b.people = append(b.people, Person{
			ID: p.ID, Name: p.Name, Role: p.Role, Guest: p.Guest,
			Online: s.Online[p.ID] > 0, Ready: p.Ready, Notes: noteCount[p.ID],
		})
	}
	anonymous := s.Workshop.Settings.Anonymous
	b.notes = make([]NoteView, len(s.Notes))
	for i, n := range s.Notes {
		b.notes[i] = NoteView{Note: n}
		if !anonymous {
			b.notes[i].AuthorName = b.names[n.Author]
		}
		b.counts[n.Question]++
	}

	// Segments with their notes and totals.
	idx := make(map[int64]int, len(s.Segments))
	segs := make([]SegmentView, len(s.Segments))
	for i, seg := range s.Segments {
		segs[i] = SegmentView{Segment: seg}
		idx[seg.ID] = i
	}
	b.author = make(map[int64]string, len(b.notes))
	for _, n := range b.notes {
		b.author[n.ID] = n.Author
		i, ok := idx[n.Segment]
		if !ok {
			continue
		}
		if anonymous {
			// Hidden once here, so views can share these lists.
			n.Author = ""
		}
		if n.Question == QuestionWho {
			segs[i].Notes = append(segs[i].Notes, n)
		} else {
			segs[i].Attached = append(segs[i].Attached, n)
		}
	}
	voters := make([]map[string]bool, len(segs))
	for _, v := range s.Votes {
		b.spent[v.Participant] += v.Dots
		i, ok := idx[v.Segment]
		if !ok {
			continue
		}
		segs[i].Votes += v.Dots
		if voters[i] == nil {
			voters[i] = map[string]bool{}
		}
		voters[i][v.Participant] = true
	}
	for i := range segs {
		segs[i].Voters = len(voters[i])
	}
	b.byPosition = make([]SegmentView, len(segs))
	for i, sv := range segs {
		sv.Votes, sv.Voters, sv.Rank = 0, 0, i+1
		b.byPosition[i] = sv
	}
	ranked := slices.Clone(segs)
	SortRanked(ranked)
	for i := range ranked {
		ranked[i].Rank = i + 1
	}

	// Insight polls: winners by picks, ties to the better-ranked segment.
	rankOf := make(map[int64]int, len(ranked))
	for _, sv := range ranked {
		rankOf[sv.ID] = sv.Rank
	}
	for _, l := range Lenses {
		b.insights[l] = InsightView{Lens: l, Counts: map[int64]int{}}
	}
	for _, p := range s.Picks {
		b.insights[p.Lens].Counts[p.Segment]++
	}
	for _, l := range Lenses {
		in := &b.insights[l]
		best := 0
		for seg, n := range in.Counts {
			if n > best || (n == best && rankOf[seg] < rankOf[in.Winner]) {
				best, in.Winner = n, seg
			}
		}
		if in.Winner == 0 {
			continue
		}
		for i := range ranked {
			if ranked[i].ID == in.Winner {
				ranked[i].Marks = append(ranked[i].Marks, l)
			}
		}
	}
	b.segments = ranked

	budget := s.Workshop.Settings.DotBudget
	for _, p := range b.people {
		b.votersTotal++
		if p.Ready || b.spent[p.ID] >= budget {
			b.votersDone++
		}
	}
	return b
}

// SortRanked orders segments for the prioritized list: most votes first,
// then most notes, then by name, then by creation.
func SortRanked(segs []SegmentView) {
	slices.SortStableFunc(segs, func(a, b SegmentView) int {
		return cmp.Or(
			cmp.Compare(b.Votes, a.Votes),
			cmp.Compare(len(b.Notes), len(a.Notes)),
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Position, b.Position),
		)
	})
}

// TotalsVisible reports whether vote totals may be shown to everyone.
func (s *Snapshot) TotalsVisible() bool {
	return s.Workshop.Settings.VotesRevealed || s.Workshop.Phase >= PhasePrioritize
}

// ViewFor projects the snapshot for one participant. This function alone
// decides what a participant may see.
func (s *Snapshot) ViewFor(id string) *View {
	b := s.shared()
	w := s.Workshop
	v := &View{
		Version:       s.Version,
		Workshop:      w,
		People:        b.people,
		NoteCounts:    b.counts,
		TotalsVisible: s.TotalsVisible(),
		VotersDone:    b.votersDone,
		VotersTotal:   b.votersTotal,
	}
	for _, p := range s.Participants {
		if p.ID == id {
			v.Me = p
			break
		}
	}
	if v.Me.Removed || v.Me.ID == "" {
		// Someone who is not (or no longer) in the workshop sees its name only.
		v.People, v.NoteCounts = nil, [3]int{}
		return v
	}

	hidden := w.Phase <= PhaseAnswer && w.Settings.HideNotes
	anonymous := w.Settings.Anonymous
	v.Notes = make([]NoteView, 0, len(b.notes))
	for _, n := range b.notes {
		if n, ok := visibleNote(n, id, hidden, anonymous); ok {
			v.Notes = append(v.Notes, n)
		}
	}

	mine := map[int64]int{}
	for _, vote := range s.Votes {
		if vote.Participant == id {
			mine[vote.Segment] = vote.Dots
		}
	}
	v.DotsLeft = max(0, w.Settings.DotBudget-b.spent[id])
	src := b.byPosition
	if v.TotalsVisible {
		src = b.segments
	}
	v.Segments = make([]SegmentView, len(src))
	for i, sv := range src {
		sv.MyDots = mine[sv.ID]
		sv.Notes = visibleNotes(sv.Notes, b.author, id, hidden)
		sv.Attached = visibleNotes(sv.Attached, b.author, id, hidden)
		if !v.TotalsVisible {
			sv.Marks = nil
		}
		v.Segments[i] = sv
	}
	for _, l := range Lenses {
		in := b.insights[l]
		if !v.TotalsVisible {
			// Ties go to the better-ranked segment, so a winner would
			// tell which segment leads the vote.
			in.Winner = 0
		}
		for _, p := range s.Picks {
			if p.Participant == id && p.Lens == l {
				in.Mine = p.Segment
			}
		}
		v.Insights[l] = in
	}
	return v
}

// visibleNote returns a note as the viewer may see it: their own marked
// Mine; someone else's not at all while notes are hidden, and without the
// author's ID in an anonymous workshop (the ID would name them through the
// list of people).
func visibleNote(n NoteView, id string, hidden, anonymous bool) (NoteView, bool) {
	switch {
	case n.Author == id:
		n.Mine = true
	case hidden:
		return NoteView{}, false
	case anonymous:
		n.Author = ""
	}
	return n, true
}

// visibleNotes returns a segment's notes as the viewer may see them, as
// visibleNote does, sharing the slice when nothing needs to change. The
// notes' authors are already hidden in an anonymous workshop, so whose they
// are comes from author.
func visibleNotes(notes []NoteView, author map[int64]string, id string, hidden bool) []NoteView {
	changed := false
	for _, n := range notes {
		if author[n.ID] == id || hidden {
			changed = true
			break
		}
	}
	if !changed {
		return notes
	}
	out := make([]NoteView, 0, len(notes))
	for _, n := range notes {
		if author[n.ID] == id {
			n.Author, n.Mine = id, true
		} else if hidden {
			continue
		}
		out = append(out, n)
	}
	return out
}

// Segment returns the visible segment with that ID.
func (v *View) Segment(id int64) (SegmentView, bool) {
	for _, s := range v.Segments {
		if s.ID == id {
			return s, true
		}
	}
	return SegmentView{}, false
}

// NotesFor returns the visible notes answering one question.
func (v *View) NotesFor(q Question) []NoteView {
	var out []NoteView
	for _, n := range v.Notes {
		if n.Question == q {
			out = append(out, n)
		}
	}
	return out
}

// Ungrouped returns the visible "who" notes that are in no segment.
func (v *View) Ungrouped() []NoteView {
	var out []NoteView
	for _, n := range v.Notes {
		if n.Question == QuestionWho && n.Segment == 0 {
			out = append(out, n)
		}
	}
	return out
}

// Facilitator reports whether the viewer may steer the workshop.
func (v *View) Facilitator() bool { return v.Me.Facilitator() }
