package session_test

import (
	"errors"
	"fmt"
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
