package session

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	People   []Person // everyone not removed (guests while here), in join order
	Here     int      // how many of People are online
	Busy     int      // how many of those are not ready
	// ReadyHidden says People do not tell who is done writing (none is
	// Ready): in an anonymous workshop, who is still writing as the note
	// count rises would tell whose the new notes are. Busy still counts.
	ReadyHidden bool

	// Notes are the notes this participant may see, by ID; NoteCounts
	// counts every note per question, hidden or not.
	Notes      []NoteView
	NoteCounts [MaxQuestions]int

	// Segments are ranked (votes, then notes, then name) once totals are
	// visible; before that they keep the order they were made in.
	Segments      []SegmentView
	TotalsVisible bool

	DotsLeft    int
	VotersDone  int // participants who used every dot or said they are done
	VotersTotal int

	Insights [3]InsightView // by Lens

	// Can is what the viewer may do now, by the session's rules: screens
	// offer what it allows and never work a rule out themselves.
	Can Permissions

	// Suggestions are the suggested segments, for a viewer who may group
	// in the Group phase; nil for everyone else. Shared: read only.
	Suggestions []SuggestedSegment
	// Spotlight is the segment the room discusses (Discuss): the
	// workshop's, or the top-ranked one; zero with no segments.
	Spotlight int64

	// A follow-up's view of the workshop it follows (Workshop.Follows):
	// Earlier are its ranked segments, shown in the Lobby to review and in
	// Prioritize and Done; never while answering, grouping or voting, so
	// answers start blind. Movement says how segments moved since, in
	// Prioritize and Done.
	Earlier  []EarlierSegment
	Movement []MoveView

	own     []int64        // the viewer's note IDs, ascending
	ownStep []int64        // the viewer's next step IDs, ascending
	written map[string]int // how many notes each participant wrote; nil when anonymous (see NotesBy)

	// What Notes and Segments hold when they are the viewer's own copies,
	// kept to be written over by the next view (see Conn.ViewInto).
	ownNotes    []NoteView
	ownSegments []SegmentView
}

// Person is a participant as the room sees them.
type Person struct {
	ID     string
	Name   string
	Role   Role
	Guest  bool
	Online bool
	Ready  bool
}

// NoteView is a note as participants see it. In an anonymous workshop it
// carries neither its author's name nor their ID; View.Mine tells the
// viewer which notes are their own.
type NoteView struct {
	Note
	AuthorName string // empty when the workshop is anonymous
}

// SegmentView is a customer segment with its notes and, when visible, its
// votes.
type SegmentView struct {
	Segment
	Rank     int        // 1-based place in the list; segments with as many votes share one
	Tied     bool       // another segment has as many votes, and so the same Rank (totals visible only)
	Votes    int        // zero until totals are visible
	Voters   int        // zero until totals are visible
	MyDots   int        // the viewer's own dots on it
	Notes    []NoteView // its "who" notes
	Attached []NoteView // "do" and "value" notes attached to it
	Marks    []Lens     // insights this segment leads, alone or tied
	// NextSteps are what the team will do about it, by ID. In an
	// anonymous workshop they carry no Author; View.MineStep tells.
	NextSteps []NextStep
}

// InsightView is the room's poll for one lens.
type InsightView struct {
	Lens Lens
	// Leaders are the segments most picked, in the list's order: one
	// winner, or every segment of a tie; none if nobody picked, and none
	// while totals are hidden (their order would tell the ranking).
	Leaders []int64
	Counts  map[int64]int // picks per segment
	Mine    int64         // the viewer's pick
}

// Tie reports whether several segments lead the poll with as many picks.
func (in InsightView) Tie() bool { return len(in.Leaders) > 1 }

// Picks is how many picks each leader has.
func (in InsightView) Picks() int {
	if len(in.Leaders) == 0 {
		return 0
	}
	return in.Counts[in.Leaders[0]]
}

// board is what every view of one snapshot shares, computed once.
type board struct {
	from        parts // the versions of the snapshot it was built from
	people      []Person
	names       map[string]string
	member      map[string]int     // participant ID → index in the snapshot's Participants
	notes       []NoteView         // all notes; Author cleared if anonymous
	noteIdx     map[int64]int      // note ID → index in notes
	notesBy     map[string][]int64 // participant ID → their note IDs, ascending
	written     map[string]int     // participant ID → how many notes they wrote
	votesBy     map[string]map[int64]int
	picksBy     map[string][3]int64
	counts      [MaxQuestions]int
	segments    []SegmentView // ranked by votes, totals filled in; authors hidden if anonymous
	byPosition  []SegmentView // the same segments in creation order, totals zeroed
	spent       map[string]int
	votersDone  int
	votersTotal int
	here, busy  int // people online, and of them not ready
	insights    [3]InsightView
	stepsBy     map[string][]int64 // participant ID → their next step IDs, ascending
	spotlight   int64
	movement    []MoveView // a follow-up's, from Prioritize on
}

func (s *Snapshot) shared() *board {
	s.boardOnce.Do(func() {
		s.board.Store(buildBoard(s))
		s.seed.Store(nil) // not to keep two boards alive
	})
	return s.board.Load()
}

func buildBoard(s *Snapshot) *board {
	b := &board{
		from:    s.parts,
		spent:   make(map[string]int),
		votesBy: make(map[string]map[int64]int),
		picksBy: make(map[string][3]int64),
	}
	// What depends only on parts that have not changed since the seed's
	// snapshot is the seed's: during a workshop most changes are one note
	// or one dot, and the roster of hundreds stays as it was.
	seed, now := s.seed.Load(), s.parts
	// The roster (who is in it, by name) changes with a join or a
	// rename, not when someone gets ready: then notes keep their
	// authors' names and are shared.
	roster := seed != nil && seed.from.names == now.names
	notes := roster && seed.from.notes == now.notes && seed.from.workshop == now.workshop
	// People are who is in the room, ready and online; how many notes
	// each wrote is View.NotesBy, so a note does not copy everyone.
	people := seed != nil && seed.from.participants == now.participants && seed.from.online == now.online &&
		seed.from.workshop == now.workshop

	if roster {
		b.names, b.member = seed.names, seed.member
	} else {
		b.names = make(map[string]string, len(s.Participants))
		b.member = make(map[string]int, len(s.Participants))
		for i, p := range s.Participants {
			b.member[p.ID] = i
			b.names[p.ID] = p.Name
		}
	}
	if notes {
		b.notes, b.noteIdx, b.notesBy, b.written, b.counts = seed.notes, seed.noteIdx, seed.notesBy, seed.written, seed.counts
	} else {
		b.noteIdx = make(map[int64]int, len(s.Notes))
		b.notesBy = make(map[string][]int64)
		b.written = make(map[string]int)
		anonymous := s.Workshop.Settings.Anonymous
		b.notes = make([]NoteView, len(s.Notes))
		for i, n := range s.Notes {
			b.noteIdx[n.ID] = i
			b.notesBy[n.Author] = append(b.notesBy[n.Author], n.ID)
			b.written[n.Author]++
			b.notes[i] = NoteView{Note: n}
			if anonymous {
				// Hidden once here, for every view: the ID would name the
				// author through the list of people, and the time would
				// order the notes as they were written.
				b.notes[i].Author = ""
				b.notes[i].CreatedAt = time.Time{}
			} else {
				b.notes[i].AuthorName = b.names[n.Author]
			}
			b.counts[n.Question]++
		}
		if anonymous {
			// Listed in an order that carries no authorship: in the
			// order of writing, each person's notes would form a run.
			slices.SortFunc(b.notes, anonymousOrder)
			for i, n := range b.notes {
				b.noteIdx[n.ID] = i
			}
		}
	}
	if people {
		b.people, b.here, b.busy = seed.people, seed.here, seed.busy
	} else {
		for _, p := range s.Participants {
			if p.Removed || (p.Guest && s.Online[p.ID] == 0) {
				// A guest who left can never come back (their identity
				// was their connection's): off the roster, their notes
				// stay.
				continue
			}
			b.people = append(b.people, Person{
				ID: p.ID, Name: p.Name, Role: p.Role, Guest: p.Guest,
				Online: s.Online[p.ID] > 0, Ready: p.Ready && !readyHidden(s.Workshop),
			})
			if s.Online[p.ID] > 0 {
				b.here++
				if !p.Ready {
					b.busy++
				}
			}
		}
	}

	// Segments with their notes and totals. A dot, a pick or someone
	// getting ready changes neither segments nor notes: each segment's
	// notes are then the seed's.
	segNotes := notes && seed.from.segments == now.segments
	idx := make(map[int64]int, len(s.Segments))
	segs := make([]SegmentView, len(s.Segments))
	for i, seg := range s.Segments {
		segs[i] = SegmentView{Segment: seg}
		if segNotes {
			segs[i].Notes, segs[i].Attached = seed.byPosition[i].Notes, seed.byPosition[i].Attached
		}
		idx[seg.ID] = i
	}
	for _, n := range b.notes {
		if segNotes {
			break
		}
		if i, ok := idx[n.Segment]; !ok {
			continue
		} else if s.Workshop.Questions.IsWho(n.Question) {
			segs[i].Notes = append(segs[i].Notes, n)
		} else {
			segs[i].Attached = append(segs[i].Attached, n)
		}
	}
	// Next steps change on their own, and show owners by name.
	segSteps := seed != nil && roster && seed.from.steps == now.steps && seed.from.segments == now.segments &&
		seed.from.workshop == now.workshop
	if segSteps {
		b.stepsBy = seed.stepsBy
		for i := range segs {
			segs[i].NextSteps = seed.byPosition[i].NextSteps
		}
	} else {
		b.stepsBy = make(map[string][]int64)
		for _, st := range s.NextSteps {
			i, ok := idx[st.Segment]
			if !ok {
				continue
			}
			b.stepsBy[st.Author] = append(b.stepsBy[st.Author], st.ID)
			if name, ok := b.names[st.OwnerID]; ok && st.OwnerID != "" {
				st.Owner = name
			}
			if s.Workshop.Settings.Anonymous {
				st.Author = ""
			}
			segs[i].NextSteps = append(segs[i].NextSteps, st)
		}
	}
	voters := make([]map[string]bool, len(segs))
	for _, v := range s.Votes {
		b.spent[v.Participant] += v.Dots
		if b.votesBy[v.Participant] == nil {
			b.votesBy[v.Participant] = map[int64]int{}
		}
		b.votesBy[v.Participant][v.Segment] = v.Dots
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
	rankTies(ranked)

	// Insight polls: the segments most picked lead, every one of a tie.
	for _, l := range Lenses {
		b.insights[l] = InsightView{Lens: l, Counts: map[int64]int{}}
	}
	for _, p := range s.Picks {
		b.insights[p.Lens].Counts[p.Segment]++
		mine := b.picksBy[p.Participant]
		mine[p.Lens] = p.Segment
		b.picksBy[p.Participant] = mine
	}
	for _, l := range Lenses {
		in := &b.insights[l]
		best := 0
		for _, n := range in.Counts {
			best = max(best, n)
		}
		if best == 0 {
			continue
		}
		for i := range ranked {
			if in.Counts[ranked[i].ID] == best {
				in.Leaders = append(in.Leaders, ranked[i].ID)
				ranked[i].Marks = append(ranked[i].Marks, l)
			}
		}
	}
	b.segments = ranked
	if len(ranked) > 0 {
		b.spotlight = ranked[0].ID
	}
	if _, ok := idx[s.Workshop.Spotlight]; ok && s.Workshop.Spotlight != 0 {
		b.spotlight = s.Workshop.Spotlight
	}
	if s.Workshop.Follows != "" && s.Workshop.Phase >= PhasePrioritize {
		// Matching names by meaning takes milliseconds: a pick or someone
		// coming online keeps the seed's.
		if seed != nil && seed.movement != nil && segNotes && seed.from.votes == now.votes && seed.from.earlier == now.earlier {
			b.movement = seed.movement
		} else {
			b.movement = movement(ranked, s.Earlier)
		}
	}

	budget := s.Workshop.Settings.DotBudget
	for _, p := range b.people {
		b.votersTotal++
		if p.Ready || b.spent[p.ID] >= budget {
			b.votersDone++
		}
	}
	return b
}

// anonymousOrder is the order of notes in an anonymous workshop, on every
// screen and in every export: by text, ignoring case. Nothing in it says
// who wrote a note or when. Only notes of the very same text fall back on
// their IDs, and those the room cannot tell apart.
func anonymousOrder(a, b NoteView) int {
	return cmp.Or(compareFold(a.Text, b.Text), strings.Compare(a.Text, b.Text),
		cmp.Compare(a.Segment, b.Segment), cmp.Compare(a.ID, b.ID))
}

// compareFold compares two texts in lower case, rune by rune, as
// strings.ToLower would, without allocating and ASCII first: a board sorts
// its notes whenever they change.
func compareFold(a, b string) int {
	// ASCII, byte by byte, as far as it goes.
	n := min(len(a), len(b))
	i := 0
	for ; i < n; i++ {
		ca, cb := a[i], b[i]
		if ca|cb >= utf8.RuneSelf {
			break
		}
		if ca == cb {
			continue
		}
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	a, b = a[i:], b[i:]
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
				return cmp.Compare(la, lb)
			}
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// readyHidden reports whether who is done writing is hidden (see
// View.ReadyHidden).
func readyHidden(w WorkshopInfo) bool {
	return w.Settings.Anonymous && w.Phase == PhaseAnswer
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

// rankTies numbers ranked segments as standings do: segments with as many
// votes share a rank and are tied (4, 4, 2 votes rank 1, 1, 3).
func rankTies(ranked []SegmentView) {
	for i := range ranked {
		ranked[i].Rank = i + 1
		if i > 0 && ranked[i].Votes == ranked[i-1].Votes {
			ranked[i].Rank = ranked[i-1].Rank
			ranked[i].Tied, ranked[i-1].Tied = true, true
		}
	}
}

// TiedWith lists the other segments that share seg's rank, in list order.
func (v *View) TiedWith(seg SegmentView) []SegmentView {
	if !seg.Tied {
		return nil
	}
	var out []SegmentView
	for _, s := range v.Segments {
		if s.Rank == seg.Rank && s.ID != seg.ID {
			out = append(out, s)
		}
	}
	return out
}

// TotalsVisible reports whether vote totals may be shown to everyone.
// Revealed totals hide again when the room goes back before Vote: in
// Answer, with others' notes hidden, a ranking (ties go to the segment with
// more notes) would hint at notes the viewer cannot see.
func (s *Snapshot) TotalsVisible() bool {
	p := s.Workshop.Phase
	return (s.Workshop.Settings.VotesRevealed && p >= PhaseVote) || p >= PhasePrioritize
}

// ViewFor projects the snapshot for one participant. This function alone
// decides what a participant may see. It is called once per subscriber for
// every change, so it shares whatever it can with the other views of the
// same snapshot and copies only what is the viewer's own.
func (s *Snapshot) ViewFor(id string) *View { return s.viewInto(new(View), id) }

// viewInto is ViewFor written over v, whose earlier content nobody uses
// any more. The lists v owned (notes and segments copied for its viewer)
// are written over too, not made anew.
func (s *Snapshot) viewInto(v *View, id string) *View {
	b := s.shared()
	w := s.Workshop
	*v = View{
		Version:       s.Version,
		Workshop:      w,
		People:        b.people,
		Here:          b.here,
		Busy:          b.busy,
		NoteCounts:    b.counts,
		TotalsVisible: s.TotalsVisible(),
		ReadyHidden:   readyHidden(w),
		VotersDone:    b.votersDone,
		VotersTotal:   b.votersTotal,
		ownNotes:      v.ownNotes[:0],
		ownSegments:   v.ownSegments[:0],
	}
	if i, ok := b.member[id]; ok {
		v.Me = s.Participants[i]
	}
	v.Can = permissionsFor(s, v.Me)
	if v.Me.Removed || v.Me.ID == "" {
		// Someone who is not (or no longer) in the workshop sees its name only.
		v.People, v.Here, v.Busy, v.NoteCounts = nil, 0, 0, [MaxQuestions]int{}
		return v
	}

	// Only counts: which notes are whose would name the authors of an
	// anonymous workshop, and list notes the viewer may not see. In an
	// anonymous workshop not even those: a count going up as a note
	// appears would tell whose it is.
	v.own = b.notesBy[id]
	v.ownStep = b.stepsBy[id]
	if v.TotalsVisible {
		// The top-ranked segment stands in for an unset spotlight: while
		// totals are hidden it would tell which segment leads the vote.
		v.Spotlight = b.spotlight
	}
	if !w.Settings.Anonymous {
		v.written = b.written
	}
	hidden := w.Phase <= PhaseAnswer && w.Settings.HideNotes
	if hidden {
		if v.ownNotes == nil {
			v.ownNotes = make([]NoteView, 0, len(v.own))
		}
		for _, nid := range v.own {
			v.ownNotes = append(v.ownNotes, b.notes[b.noteIdx[nid]])
		}
		if w.Settings.Anonymous {
			slices.SortFunc(v.ownNotes, anonymousOrder)
		}
		v.Notes = v.ownNotes
	} else {
		v.Notes = b.notes
	}

	mine := b.votesBy[id]
	v.DotsLeft = max(0, w.Settings.DotBudget-b.spent[id])
	src := b.byPosition
	if v.TotalsVisible {
		src = b.segments
	}
	if cap(v.ownSegments) < len(src) {
		v.ownSegments = make([]SegmentView, len(src))
	}
	v.ownSegments = v.ownSegments[:len(src)]
	v.Segments = v.ownSegments
	for i, sv := range src {
		sv.MyDots = mine[sv.ID]
		if hidden {
			// Back in Answer after grouping: others' notes hide again.
			sv.Notes = v.keepOwn(sv.Notes)
			sv.Attached = v.keepOwn(sv.Attached)
		}
		if !v.TotalsVisible {
			sv.Marks = nil
		}
		v.Segments[i] = sv
	}
	if v.Can.Group {
		v.Suggestions = s.Suggestions()
	}
	if w.Phase == PhaseLobby || w.Phase >= PhasePrioritize {
		v.Earlier, v.Movement = s.Earlier, b.movement
	}
	picks := b.picksBy[id]
	for _, l := range Lenses {
		in := b.insights[l]
		if !v.TotalsVisible {
			// Leaders come in the list's order, which would tell which
			// segment leads the vote.
			in.Leaders = nil
		}
		in.Mine = picks[l]
		v.Insights[l] = in
	}
	return v
}

// NotesBy is how many notes someone in People wrote. In an anonymous
// workshop the viewer knows only their own count: ok is false for anyone
// else.
func (v *View) NotesBy(id string) (n int, ok bool) {
	if id == v.Me.ID && id != "" {
		return len(v.own), true
	}
	if v.written == nil {
		return 0, false
	}
	return v.written[id], true
}

// Mine reports whether the note with this ID is the viewer's own. (In an
// anonymous workshop no note carries its author; the viewer still knows
// their own.)
func (v *View) Mine(note int64) bool {
	_, ok := slices.BinarySearch(v.own, note)
	return ok
}

// MineStep reports whether the next step with this ID is the viewer's own.
func (v *View) MineStep(step int64) bool {
	_, ok := slices.BinarySearch(v.ownStep, step)
	return ok
}

// keepOwn returns the viewer's own notes among notes.
func (v *View) keepOwn(notes []NoteView) []NoteView {
	var out []NoteView
	for _, n := range notes {
		if v.Mine(n.ID) {
			out = append(out, n)
		}
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

// Facilitator reports whether the viewer may steer the workshop.
func (v *View) Facilitator() bool { return v.Me.Facilitator() }
