package tui_test

import (
	"strings"
	"testing"
	"time"
)

// With reduced motion the countdown moves in steps of 30 s (rounded up),
// so the header changes twice a minute, not every second.
func TestReducedMotionTimerStepsEveryThirtySeconds(t *testing.T) {
	r := newRoom(t)
	answering(r) // a five-minute timer from now
	c := &testClock{at: now}
	opts := r.options(pat)
	opts.Now = c.now
	opts.Prefs.ReducedMotion = true
	tt := start(t, opts, 80, 24)
	tt.waitText("timer 5:00")
	c.set(now.Add(10 * time.Second))
	tt.press("tab") // a redraw of its own
	tt.waitText("┃ 2 What value do we")
	if text := tt.text(); !strings.Contains(text, "timer 5:00") {
		t.Fatalf("10 s in, reduced motion shows another time:\n%s", text)
	}
	c.set(now.Add(40 * time.Second))
	tt.press("tab")
	tt.waitText("timer 4:30")
}

// With the bell on, the terminal bell rings once when the timer ends;
// without it, never.
func TestTheBellRingsOnceWhenTheTimerEnds(t *testing.T) {
	for _, bell := range []bool{true, false} {
		r := newRoom(t)
		answering(r)
		c := &testClock{at: now}
		opts := r.options(pat)
		opts.Now = c.now
		opts.Prefs.Bell = bell
		tt := start(t, opts, 80, 24)
		tt.waitText("timer 5:00")
		c.set(now.Add(6 * time.Minute))
		tt.waitText("time's up")
		if bell {
			eventually(t, "the bell", func() bool { return tt.rt.vt.rung() > 0 })
		}
		tt.press("tab")
		tt.waitText("┃ 2 What value do we")
		if got, want := tt.rt.vt.rung(), map[bool]int{true: 1, false: 0}[bell]; got != want {
			t.Errorf("bell %v: the bell rang %d times; want %d", bell, got, want)
		}
	}
}

// A notice from the connection (an unknown FORWHOM_THEME) is shown once
// in the workshop it opens.
func TestTheNoticeIsShownOnJoining(t *testing.T) {
	r := newRoom(t)
	gathered(r)
	opts := r.options(pat)
	opts.Notice = `FORWHOM_THEME: unknown theme "purple".`
	tt := start(t, opts, 100, 24)
	tt.waitText("● Lobby", `! FORWHOM_THEME: unknown theme "purple".`)
}
