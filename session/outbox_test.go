package session_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"forwhom/session"
)

// waitAnswers takes n answers from c, waiting on Changed for each batch.
func waitAnswers(t *testing.T, c *session.Conn, n int) []session.Answer {
	t.Helper()
	var got []session.Answer
	deadline := time.After(10 * time.Second)
	for len(got) < n {
		got = c.Answers(got)
		if len(got) >= n {
			break
		}
		select {
		case <-c.Changed():
		case <-deadline:
			t.Fatalf("waited for %d answers, got %d: %+v", n, len(got), got)
		}
	}
	if len(got) != n {
		t.Fatalf("got %d answers, want %d: %+v", len(got), n, got)
	}
	return got
}

// whoTexts lists the workshop's "who" notes in the order they were stored.
func whoTexts(w *workshop) []string {
	var out []string
	for _, n := range w.snap().Notes {
		if n.Question == session.QuestionWho {
			out = append(out, n.Text)
		}
	}
	return out
}

func TestSubmittedCommandsRunInTheOrderSubmitted(t *testing.T) {
	for round := range 20 {
		w := newWorkshop(t)
		w.phase(session.PhaseAnswer)
		pat := w.participant("pat", "Pat")
		var want []string
		var seqs []uint64
		for i := range 12 {
			text := fmt.Sprintf("note %d of round %d", i, round)
			want = append(want, text)
			seq, err := pat.Submit(session.AddNote{Question: session.QuestionWho, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			seqs = append(seqs, seq)
		}
		answers := waitAnswers(t, pat, len(want))
		for i, a := range answers {
			if a.Err != nil {
				t.Fatalf("note %d refused: %v", i, a.Err)
			}
			if a.Seq != seqs[i] {
				t.Fatalf("answer %d is for command %d, want %d", i, a.Seq, seqs[i])
			}
		}
		if got := whoTexts(w); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("notes stored as\n%q\nwant the order typed\n%q", got, want)
		}
	}
}

func TestARefusedCommandDoesNotDropTheOnesAfterIt(t *testing.T) {
	w := newWorkshop(t)
	w.phase(session.PhaseAnswer)
	pat := w.participant("pat", "Pat")
	for _, text := range []string{"first", "", "third"} { // an empty note is refused
		if _, err := pat.Submit(session.AddNote{Question: session.QuestionWho, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	answers := waitAnswers(t, pat, 3)
	if answers[0].Err != nil || answers[2].Err != nil {
		t.Fatalf("the notes around the refused one were refused: %+v", answers)
	}
	if !errors.Is(answers[1].Err, session.ErrInvalid) {
		t.Fatalf("the empty note: got %v, want ErrInvalid", answers[1].Err)
	}
	if c, ok := answers[1].Cmd.(session.AddNote); !ok || c.Text != "" {
		t.Fatalf("the refusal names %T%+v, want the empty note", answers[1].Cmd, answers[1].Cmd)
	}
	if got := whoTexts(w); fmt.Sprint(got) != "[first third]" {
		t.Fatalf("notes stored: %q, want [first third]", got)
	}
}

func TestClosingRunsWhatWasSubmittedFirst(t *testing.T) {
	w := newWorkshop(t)
	w.phase(session.PhaseAnswer)
	pat := w.participant("pat", "Pat")
	for i := range 5 {
		if _, err := pat.Submit(session.AddNote{Question: session.QuestionWho, Text: fmt.Sprint("last words ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	pat.Close()
	if got := whoTexts(w); len(got) != 5 {
		t.Fatalf("notes submitted before closing: %q stored, want all 5", got)
	}
	if _, err := pat.Submit(session.AddNote{Question: session.QuestionWho, Text: "too late"}); !errors.Is(err, session.ErrClosed) {
		t.Fatalf("submitting after Close: got %v, want ErrClosed", err)
	}
}

func TestAnswersAllocateNothingWhenNoneAreReady(t *testing.T) {
	w := newWorkshop(t)
	buf := make([]session.Answer, 0, 4)
	if n := testing.AllocsPerRun(100, func() { buf = w.fac.Answers(buf[:0]) }); n != 0 {
		t.Fatalf("Answers with none ready: %v allocations, want 0", n)
	}
}

// gatedStore is a MemoryStore whose commits wait while the gate is shut.
type gatedStore struct {
	*session.MemoryStore
	shut atomic.Bool
	open chan struct{}
}

func (s *gatedStore) Commit(ctx context.Context, code string, ch *session.Changes) error {
	if s.shut.Load() {
		<-s.open
	}
	return s.MemoryStore.Commit(ctx, code, ch)
}

func TestTheOutboxIsBoundedAndRefusesAtOnceWhenFull(t *testing.T) {
	ctx := context.Background()
	st := &gatedStore{MemoryStore: session.NewMemoryStore(), open: make(chan struct{})}
	lim := testLimits()
	lim.NotesPerParticipant = 0 // no limit: the queue's is the one tested
	m := session.NewManager(st, session.Options{Limits: lim})
	t.Cleanup(m.Close)
	code, err := m.Create(ctx, facilitator, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	fac, err := m.Join(ctx, code, facilitator)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fac.Close)
	if err := fac.Do(ctx, session.SetPhase{Phase: session.PhaseAnswer}); err != nil {
		t.Fatal(err)
	}

	st.shut.Store(true)
	note := func(i int) session.Command {
		return session.AddNote{Question: session.QuestionDo, Text: fmt.Sprint("note ", i)}
	}
	// The first is taken by the drainer, which waits on the store; then
	// the queue fills.
	if _, err := fac.Submit(note(0)); err != nil {
		t.Fatal(err)
	}
	n := 1
	for ; n < 10*session.MaxQueued; n++ {
		if _, err := fac.Submit(note(n)); err != nil {
			if !errors.Is(err, session.ErrTooFast) {
				t.Fatalf("a full queue refused with %v, want ErrTooFast", err)
			}
			break
		}
	}
	if n > session.MaxQueued+1 {
		t.Fatalf("%d commands queued, want at most %d waiting", n, session.MaxQueued)
	}
	st.shut.Store(false)
	close(st.open)
	answers := waitAnswers(t, fac, n)
	for i, a := range answers {
		if a.Err != nil || a.Cmd.(session.AddNote).Text != fmt.Sprint("note ", i) {
			t.Fatalf("answer %d: %+v", i, a)
		}
	}
}
