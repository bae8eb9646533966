package sshserver

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"forwhom/internal/termclient"
	"forwhom/internal/throttle"
)

// The in-process test with 1,500 guests is in session/guests_test.go;
// this one takes the real path with a few: guest connections over SSH,
// the workshop's cap on guests, the address's cap on new guests.
func TestGuestsCannotCrowdOutPeopleOverSSH(t *testing.T) {
	cfg := testConfig(t.TempDir())
	cfg.Limits.GuestsPerWorkshop = 3
	cfg.NewGuests = throttle.Allowance{Burst: 5, Every: time.Hour}
	srv := startServer(t, cfg)
	ana := newUser(t, srv, "ana")
	code := ana.newWorkshop("Team A")

	var guests []*gossh.Client
	for i := range 4 {
		c := newGuest(t, srv, fmt.Sprint("guest", i)).dial()
		guests = append(guests, c)
		term, err := termclient.Open(c, "join "+code, 80, 24)
		if err != nil {
			t.Fatal(err)
		}
		if i < 3 {
			waitScreen(t, term, "● Lobby")
		} else {
			waitScreen(t, term, "this workshop has all the guests it can take (3)")
		}
	}
	// A fifth guest identity from this address is the last of its burst;
	// a sixth is refused before it is one, and told why.
	newGuest(t, srv, "guest4").mustRun("help")
	var told []string
	_, err := gossh.Dial("tcp", srv.Addr().String(), &gossh.ClientConfig{
		User: "guest5",
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(
			func(_, instruction string, _ []string, _ []bool) ([]string, error) {
				told = append(told, instruction)
				return nil, nil
			})},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err == nil {
		t.Fatal("a sixth guest got in past the address's burst of five")
	}
	if len(told) == 0 || !strings.Contains(told[0], "Too many new guests from your address: try again in") {
		t.Errorf("the refused guest was told %q", told)
	}

	// Someone with a key joins the workshop full of guests.
	bob := newUser(t, srv, "bob")
	waitScreen(t, bob.open("join "+code), "● Lobby")

	// The guests leave: they are off the roster; Ana and Bob are on it.
	for _, c := range guests {
		_ = c.Close()
	}
	deadline := time.Now().Add(screenTimeout)
	for {
		snap, err := srv.manager.Snapshot(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range snap.ViewFor(snap.Workshop.CreatedBy).People {
			names = append(names, p.Name)
		}
		if strings.Join(names, ",") == "ana,bob" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the roster is %q after the guests left; want ana and bob", names)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
