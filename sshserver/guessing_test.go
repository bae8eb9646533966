package sshserver

import (
	"fmt"
	"strings"
	"testing"

	"forwhom/session"
)

func TestWrongCodesOverSSHHitTheLimitAndTheRightCodeStillWorks(t *testing.T) {
	srv := startTestServer(t)
	ana, mallory := newUser(t, srv, "ana"), newUser(t, srv, "mallory")
	code := ana.newWorkshop("Team A")

	limited := -1
	for i := range 100 {
		a := session.CodeAlphabet
		wrong := fmt.Sprintf("ZZZZ%c%c", a[i/len(a)], a[i%len(a)])
		if wrong == code {
			wrong = "YYYYYY"
		}
		r := mallory.run("export " + wrong)
		if r.Status != 1 || r.Stdout != "" {
			t.Fatalf("wrong code %d: status %d, stdout %q", i, r.Status, r.Stdout)
		}
		if strings.Contains(r.Stderr, "too many wrong join codes; try again in") {
			limited = i
			break
		}
		if !strings.Contains(r.Stderr, "you have no workshop with the code") {
			t.Fatalf("wrong code %d: %q", i, r.Stderr)
		}
	}
	if limited != 10 {
		t.Fatalf("limited at wrong code %d, want right after a burst of 10", limited)
	}
	// Limited, Mallory gets no answer even for a live code.
	if r := mallory.run("export " + code); !strings.Contains(r.Stderr, "too many wrong join codes") {
		t.Errorf("a limited guesser's export of a live code: status %d, %q", r.Status, r.Stderr)
	}
	// Ana, from the same address, still exports her workshop.
	if out := ana.mustRun("export " + code); !strings.Contains(out, "# Team A") {
		t.Errorf("Ana's export: %q", out)
	}
}

func TestNewWorkshopsOverSSHAreLimitedPerKeyAndAddress(t *testing.T) {
	srv := startTestServer(t)
	ana := newUser(t, srv, "ana")
	burst := session.DefaultLimits().CreatesPerKey.Burst
	for i := range burst {
		ana.newWorkshop(fmt.Sprint("Team ", i))
	}
	r := ana.run("new one too many")
	if r.Status != 1 || r.Stdout != "" || !strings.Contains(r.Stderr, "too many new workshops lately; try again in 60 seconds") {
		t.Errorf("past the key's burst: status %d, stdout %q, stderr %q", r.Status, r.Stdout, r.Stderr)
	}
	// Fresh keys from the same address share its allowance.
	made := burst
	for i := range 100 {
		r := newUser(t, srv, fmt.Sprint("key", i)).run("new another")
		if r.Status != 0 {
			if !strings.Contains(r.Stderr, "too many new workshops lately") {
				t.Fatalf("key %d: status %d, %q", i, r.Status, r.Stderr)
			}
			break
		}
		made++
	}
	if want := session.DefaultLimits().CreatesPerAddr.Burst; made != want {
		t.Errorf("one address made %d workshops at once, want %d", made, want)
	}
}
