package session_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"forwhom/internal/throttle"
	"forwhom/session"
)

// guessLimits are testLimits with the default limits on wrong codes and new
// workshops.
func guessLimits() session.Limits {
	lim := testLimits()
	def := session.DefaultLimits()
	lim.FailedJoinsPerKey, lim.FailedJoinsPerAddr = def.FailedJoinsPerKey, def.FailedJoinsPerAddr
	lim.CreatesPerKey, lim.CreatesPerAddr = def.CreatesPerKey, def.CreatesPerAddr
	return lim
}

// wrongCode is the i-th of a series of codes that are not w's.
func (w *workshop) wrongCode(i int) string {
	for {
		c := fmt.Sprintf("ZZ%04d", 2000+i)
		c = strings.NewReplacer("0", "A", "1", "B").Replace(c)
		if c != w.code {
			return c
		}
		i += 10000
	}
}

func TestHundredWrongCodesHitTheLimitAndTheRightCodeStillWorks(t *testing.T) {
	w := newWorkshop(t, guessLimits())
	guesser := session.Identity{ID: "SHA256:guesser", Name: "Gus", Addr: "203.0.113.7"}
	var limited error
	tries := 0
	for i := range 100 {
		_, err := w.m.Join(w.ctx, w.wrongCode(i), guesser)
		if err == nil {
			t.Fatalf("a wrong code %s was accepted", w.wrongCode(i))
		}
		tries++
		if errors.Is(err, session.ErrTooFast) {
			limited = err
			break
		}
		if !errors.Is(err, session.ErrUnknownWorkshop) {
			t.Fatalf("wrong code %d: %v, want unknown workshop", i, err)
		}
	}
	if limited == nil {
		t.Fatal("100 wrong codes in a row were all looked up: no limit")
	}
	if burst := session.DefaultLimits().FailedJoinsPerKey.Burst; tries != burst+1 {
		t.Errorf("limited at try %d, want right after the burst of %d", tries, burst)
	}
	if !strings.Contains(limited.Error(), "try again in 10 seconds") {
		t.Errorf("the refusal says %q; it should say how long to wait (10 seconds)", limited)
	}
	// While limited even the right code is not looked at: otherwise the
	// guesser would only have to wait for the answer "yes".
	if _, err := w.m.Join(w.ctx, w.code, guesser); !errors.Is(err, session.ErrTooFast) {
		t.Fatalf("the right code from a limited guesser: %v, want the limit", err)
	}
	// Someone else, with their own key and address, joins at once.
	w.join(session.Identity{ID: "SHA256:colleague", Name: "Cleo", Addr: "198.51.100.2"})
	// And the guesser, once they waited as told, joins with the right code.
	w.clock.Advance(10 * time.Second)
	w.join(guesser)
}

func TestWrongCodesAreLimitedPerAddressAcrossKeys(t *testing.T) {
	w := newWorkshop(t, guessLimits())
	burst := session.DefaultLimits().FailedJoinsPerAddr.Burst
	for i := range burst {
		// A new key each time: keys cost nothing.
		who := session.Identity{ID: fmt.Sprintf("SHA256:k%d", i), Addr: "203.0.113.7"}
		if _, err := w.m.Join(w.ctx, w.wrongCode(i), who); !errors.Is(err, session.ErrUnknownWorkshop) {
			t.Fatalf("wrong code %d: %v", i, err)
		}
	}
	fresh := session.Identity{ID: "SHA256:fresh", Addr: "203.0.113.7"}
	_, err := w.m.Join(w.ctx, w.wrongCode(burst), fresh)
	if !errors.Is(err, session.ErrTooFast) || !strings.Contains(err.Error(), "try again in 5 seconds") {
		t.Fatalf("a fresh key from an address past its wrong codes: %v, want to wait 5 seconds", err)
	}
	// Another address is not held back.
	w.join(session.Identity{ID: "SHA256:elsewhere", Addr: "198.51.100.2"})
}

func TestExportAnswersAreTheSameForUnknownAndNotYoursCodes(t *testing.T) {
	w := newWorkshop(t, guessLimits())
	pat := w.participant("pat", "Pat")
	w.do(w.fac, session.RemoveParticipant{Participant: pat.ID()})

	outsider := session.Identity{ID: "SHA256:outsider", Name: "Olli", Addr: "203.0.113.7"}
	removed := session.Identity{ID: "SHA256:pat", Name: "Pat", Addr: "203.0.113.8"}
	guest := session.Identity{ID: "guest:abc", Guest: true, Addr: "203.0.113.9"}
	unknown := w.wrongCode(0)

	answer := func(who session.Identity, code string) string {
		t.Helper()
		out, err := w.m.Export(w.ctx, who, code, session.FormatJSON)
		if err == nil {
			t.Fatalf("%s exported %s: %s", who.ID, code, out)
		}
		if !errors.Is(err, session.ErrUnknownWorkshop) {
			t.Errorf("%s exporting %s: %v is not an unknown workshop", who.ID, code, err)
		}
		// The answer names the code as typed was read, so compare it
		// with the code in its place.
		return strings.ReplaceAll(err.Error(), code, "CODE")
	}
	want := answer(outsider, unknown)
	for _, who := range []session.Identity{outsider, removed, guest} {
		if got := answer(who, w.code); got != want {
			t.Errorf("%s exporting a live workshop that is not theirs is told %q; an unknown code gets %q", who.ID, got, want)
		}
	}
	// A participant may see the workshop: they are told why not.
	_, err := w.m.Export(w.ctx, session.Identity{ID: "SHA256:member"}, w.code, session.FormatJSON)
	if !errors.Is(err, session.ErrUnknownWorkshop) {
		t.Fatalf("a non-member: %v", err)
	}
	w.participant("member", "Mem")
	_, err = w.m.Export(w.ctx, session.Identity{ID: "SHA256:member"}, w.code, session.FormatJSON)
	if !errors.Is(err, session.ErrNotFacilitator) {
		t.Fatalf("a participant exporting: %v, want only a facilitator", err)
	}
}

func TestExportingOthersWorkshopsCountsAsGuessing(t *testing.T) {
	w := newWorkshop(t, guessLimits())
	outsider := session.Identity{ID: "SHA256:outsider", Addr: "203.0.113.7"}
	for i := range 100 {
		_, err := w.m.Export(w.ctx, outsider, w.code, session.FormatMarkdown)
		if errors.Is(err, session.ErrTooFast) {
			if i != session.DefaultLimits().FailedJoinsPerKey.Burst {
				t.Errorf("limited after %d tries", i)
			}
			return
		}
	}
	t.Fatal("100 exports of someone else's workshop were all answered")
}

func TestNewWorkshopsAreLimitedPerKeyAndPerAddress(t *testing.T) {
	lim := guessLimits()
	lim.WorkshopsPerKey = 0
	w := newWorkshop(t, lim)
	perKey, perAddr := lim.CreatesPerKey, lim.CreatesPerAddr

	one := session.Identity{ID: "SHA256:one", Addr: "203.0.113.7"}
	for i := range perKey.Burst {
		if _, err := w.m.Create(w.ctx, one, fmt.Sprint("W", i)); err != nil {
			t.Fatalf("workshop %d of a burst of %d: %v", i, perKey.Burst, err)
		}
	}
	if _, err := w.m.Create(w.ctx, one, "one too many"); !errors.Is(err, session.ErrTooFast) ||
		!strings.Contains(err.Error(), fmt.Sprintf("try again in %d seconds", throttle.Seconds(perKey.Every))) {
		t.Fatalf("past the key's burst: %v", err)
	}

	// New keys from the same address share the address's allowance.
	made := perKey.Burst
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		who := session.Identity{ID: fmt.Sprintf("SHA256:new%d", i), Addr: "203.0.113.7"}
		if _, err = w.m.Create(w.ctx, who, "again"); err == nil {
			made++
		}
	}
	if !errors.Is(err, session.ErrTooFast) || made != perAddr.Burst {
		t.Fatalf("new keys from one address made %d workshops (then %v); the address allows %d at once", made, err, perAddr.Burst)
	}
	// Another address is not held back.
	if _, err := w.m.Create(w.ctx, session.Identity{ID: "SHA256:other", Addr: "198.51.100.2"}, "fine"); err != nil {
		t.Fatalf("another address: %v", err)
	}
	w.clock.Advance(perAddr.Every)
	if _, err := w.m.Create(w.ctx, session.Identity{ID: "SHA256:later", Addr: "203.0.113.7"}, "later"); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
}

// Every exec command that takes a code answers someone who may not see the
// workshop as it answers a code that does not exist, and counts it.
func TestImportAndSuggestAnswersAreTheSameForUnknownAndNotYoursCodes(t *testing.T) {
	w := newWorkshop(t, guessLimits())
	pat := w.participant("pat", "Pat")
	w.do(w.fac, session.RemoveParticipant{Participant: pat.ID()})
	unknown := w.wrongCode(0)
	asks := map[string]func(who session.Identity, code string) error{
		"import": func(who session.Identity, code string) error {
			return w.m.Do(w.ctx, code, who, session.SetReady{Ready: true})
		},
		"suggest": func(who session.Identity, code string) error {
			_, _, err := w.m.Suggestions(w.ctx, code, who, false)
			return err
		},
	}
	for name, ask := range asks {
		for _, who := range []session.Identity{
			{ID: "SHA256:outsider", Addr: "203.0.113.7"},
			{ID: "SHA256:pat", Addr: "203.0.113.8"},
			{ID: "guest:abc", Guest: true, Addr: "203.0.113.9"},
		} {
			errUnknown, errLive := ask(who, unknown), ask(who, w.code)
			if errUnknown == nil || errLive == nil {
				t.Fatalf("%s by %s: %v, %v", name, who.ID, errUnknown, errLive)
			}
			got := strings.ReplaceAll(errLive.Error(), w.code, "CODE")
			want := strings.ReplaceAll(errUnknown.Error(), unknown, "CODE")
			if got != want || !errors.Is(errLive, session.ErrUnknownWorkshop) {
				t.Errorf("%s by %s: a live code not theirs is answered %q; an unknown code %q", name, who.ID, got, want)
			}
		}
	}
	// And each counts as a guess: a fresh key soon hits the limit.
	guesser := session.Identity{ID: "SHA256:guesser", Addr: "198.51.100.9"}
	for range session.DefaultLimits().FailedJoinsPerKey.Burst {
		_ = asks["import"](guesser, w.code)
	}
	if err := asks["suggest"](guesser, w.code); !errors.Is(err, session.ErrTooFast) {
		t.Errorf("after a burst of imports into a workshop not theirs: %v, want the limit", err)
	}
}
