package tui_test

import (
	"testing"
)

func TestAFacilitatorClosesTheWorkshopToGuestsFromTheMenu(t *testing.T) {
	r := newRoom(t)
	tt := start(t, r.options(fran), 120, 40)
	tt.waitText("● Lobby")
	tt.press("F")
	tt.waitText("G  Close to new guests")
	tt.press("G")
	eventually(t, "the workshop is closed to guests", func() bool { return r.snapshot().Workshop.Settings.GuestsClosed })
	tt.press("F")
	tt.waitText("G  Open to new guests (now closed")
	tt.press("G")
	eventually(t, "the workshop is open to guests again", func() bool { return !r.snapshot().Workshop.Settings.GuestsClosed })
}
