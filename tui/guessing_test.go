package tui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"forwhom/session"
	"forwhom/tui"
)

func TestWrongCodesInTheLobbyHitTheLimitWithAMessage(t *testing.T) {
	mgr := session.NewManager(session.NewMemoryStore(), session.Options{Now: clock, Limits: session.DefaultLimits()})
	t.Cleanup(mgr.Close)
	code, err := mgr.Create(context.Background(), fran, "Platform team")
	if err != nil {
		t.Fatal(err)
	}
	guesser := pat
	guesser.Addr = "203.0.113.7"
	tt := start(t, tui.Options{Manager: mgr, Identity: guesser, Now: clock}, 80, 24)
	tt.waitText("Join by code")
	tt.press("tab")
	limited := false
	for i := range 100 {
		wrong := fmt.Sprintf("ZZZ%03d", 200+i)
		wrong = strings.NewReplacer("0", "A", "1", "B").Replace(wrong)
		tt.typeText(wrong)
		tt.press("enter")
		screen := tt.waitFor("the answer to "+wrong, func(s string) bool {
			return strings.Contains(s, "no workshop has the code "+wrong) || strings.Contains(s, "too many wrong join codes")
		})
		if strings.Contains(screen, "too many wrong join codes") {
			limited = true
			tt.waitText("try again in 10 seconds")
			break
		}
	}
	if !limited {
		t.Fatal("100 wrong codes in the lobby were all looked up")
	}
	// Someone else, from another address, joins with the right code.
	other := kim
	other.Addr = "198.51.100.2"
	tt2 := start(t, tui.Options{Manager: mgr, Identity: other, Now: clock}, 80, 24)
	tt2.waitText("Join by code")
	tt2.press("tab")
	tt2.typeText(code)
	tt2.press("enter")
	tt2.waitText("● Lobby", "Platform team")
}
