package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The facilitator menu: everything a facilitator steers, each entry with
// its own key. It is offered only to facilitators; the session still
// checks every command it sends.

type menuState struct {
	cursor int
}

type menuAction int

const (
	actNext menuAction = iota
	actPrev
	actTimer
	actClearTimer
	actHideNotes
	actLock
	actVoteSettings
	actReveal
	actAnonymous
	actGuests
	actRetitle
	actTimeBox
	actOpenWho
)

type menuItem struct {
	act   menuAction
	label string
	key   key.Binding
}

// menuItems lists the entries that make sense now, worded for the current
// settings ("Lock grouping" or "Unlock grouping").
func (m *Model) menuItems() []menuItem {
	v := m.ws.view
	k := m.keys.menu
	set := m.ws.wanted().settings // what the toggles below would flip
	phase := v.Workshop.Phase
	can := v.Can
	var items []menuItem
	add := func(act menuAction, b key.Binding, label string) {
		items = append(items, menuItem{act: act, label: label, key: b})
	}
	if can.MoveTo.Has(phase + 1) {
		add(actNext, k.NextPhase, "Next phase: "+(phase+1).Title())
	}
	if can.MoveTo.Has(phase - 1) {
		add(actPrev, k.PrevPhase, "Back to the previous phase: "+(phase-1).Title())
	}
	add(actTimer, k.Timer, "Set a timer for this phase…")
	if !set.TimerDeadline.IsZero() {
		add(actClearTimer, k.ClearTimer, "Clear the timer")
	}
	if set.HideNotes {
		add(actHideNotes, k.HideNotes, "Show everyone's notes while answering (now hidden)")
	} else {
		add(actHideNotes, k.HideNotes, "Hide others' notes while answering (now shown)")
	}
	if set.GroupingLocked {
		add(actLock, k.Lock, "Unlock grouping (now only facilitators group)")
	} else {
		add(actLock, k.Lock, "Lock grouping (now everyone groups)")
	}
	if can.VoteSettings {
		add(actVoteSettings, k.VoteSettings, "Vote settings… (now "+voteSettingsText(set)+")")
	}
	if can.RevealVotes {
		if set.VotesRevealed {
			add(actReveal, k.Reveal, "Hide the vote totals again")
		} else {
			add(actReveal, k.Reveal, "Reveal the vote totals")
		}
	}
	if set.Anonymous {
		if can.ShowAuthors {
			add(actAnonymous, k.Anonymous, "Show authors (only before any note is written)")
		}
	} else {
		add(actAnonymous, k.Anonymous, "Make the workshop anonymous")
	}
	if set.GuestsClosed {
		add(actGuests, k.Guests, "Open to new guests (now closed: only people with an SSH key join)")
	} else {
		add(actGuests, k.Guests, "Close to new guests (now open; guests in stay)")
	}
	add(actRetitle, k.Retitle, "Rename the workshop…")
	if phase == session.PhasePrioritize || phase == session.PhaseDiscuss {
		box := "none"
		if set.TimeBox > 0 {
			box = clock(set.TimeBox)
		}
		add(actTimeBox, k.TimeBox, "Time box per segment in Discuss… (now "+box+")")
		if set.OpenWho {
			add(actOpenWho, k.OpenWho, "Only facilitators say who a segment is (now everyone, for the spotlight)")
		} else {
			add(actOpenWho, k.OpenWho, "Let everyone say who the segment in the spotlight is (now facilitators)")
		}
	}
	return items
}

func (m *Model) syncMenuKeys() {
	k := &m.keys.menu
	items := m.menuItems()
	for _, b := range []*key.Binding{&k.NextPhase, &k.PrevPhase, &k.Timer, &k.ClearTimer, &k.HideNotes,
		&k.Lock, &k.VoteSettings, &k.Reveal, &k.Anonymous, &k.Guests, &k.Retitle, &k.TimeBox, &k.OpenWho} {
		b.SetEnabled(false)
		for _, it := range items {
			if it.key.Keys()[0] == b.Keys()[0] {
				b.SetEnabled(true)
			}
		}
	}
}

func (m *Model) menuKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	k := m.keys.menu
	items := m.menuItems()
	switch {
	case key.Matches(msg, k.Up):
		ws.menu.cursor = clamp(ws.menu.cursor-1, len(items))
		return nil
	case key.Matches(msg, k.Down):
		ws.menu.cursor = clamp(ws.menu.cursor+1, len(items))
		return nil
	case key.Matches(msg, k.Close):
		ws.overlay = overlayNone
		return nil
	case key.Matches(msg, k.Help):
		m.showAllHelp = !m.showAllHelp
		return nil
	case key.Matches(msg, k.Run):
		if len(items) == 0 {
			return nil
		}
		return m.menuRun(items[clamp(ws.menu.cursor, len(items))].act)
	}
	for _, it := range items {
		if key.Matches(msg, it.key) {
			return m.menuRun(it.act)
		}
	}
	return nil
}

// menuRun does a menu entry and closes the menu.
func (m *Model) menuRun(act menuAction) tea.Cmd {
	ws := m.ws
	v := ws.view
	set := ws.wanted().settings // toggles flip what the viewer last asked for
	ws.overlay = overlayNone
	switch act {
	case actNext:
		return ws.run(session.SetPhase{Phase: v.Workshop.Phase + 1})
	case actPrev:
		return ws.run(session.SetPhase{Phase: v.Workshop.Phase - 1})
	case actTimer:
		return m.openPrompt(&prompt{kind: promptTimer, label: "Timer, in minutes"}, "5", "such as 5, 2.5 or 1:30", 8)
	case actClearTimer:
		return ws.run(session.SetTimer{Duration: 0})
	case actHideNotes:
		return ws.run(session.SetHideNotes{Hidden: !set.HideNotes})
	case actLock:
		return ws.run(session.LockGrouping{Locked: !set.GroupingLocked})
	case actVoteSettings:
		return m.openVoteSettings()
	case actReveal:
		return ws.run(session.RevealVotes{Revealed: !set.VotesRevealed})
	case actAnonymous:
		return ws.run(session.SetAnonymous{Anonymous: !set.Anonymous})
	case actGuests:
		return ws.run(session.SetGuestsClosed{Closed: !set.GuestsClosed})
	case actRetitle:
		return m.openPrompt(&prompt{kind: promptRetitle, label: "Workshop title"}, v.Workshop.Title, "", session.MaxTitleLen)
	case actTimeBox:
		return m.openTimeBox()
	case actOpenWho:
		return ws.run(session.SetOpenWho{Open: !set.OpenWho})
	}
	return nil
}

func (m *Model) menuBody(w, h int) string {
	s := m.styles
	items := m.menuItems()
	sel := clamp(m.ws.menu.cursor, len(items))
	out := []string{s.Heading.Render("Facilitator menu") + s.Faint.Render(" · enter or the key on the left"), ""}
	rows := make([][]string, len(items))
	for i, it := range items {
		cur := s.mark(i == sel)
		label := it.label
		if i == sel {
			label = s.Current.Render(label)
		}
		rows[i] = []string{cur + s.Key.Render(pad(it.key.Help().Key, 2)) + " " + label}
	}
	out = append(out, window(rows, sel, max(1, h-len(out)-2), s.Faint)...)
	set := m.ws.view.Workshop.Settings
	status := fmt.Sprintf("Now: %s · notes %s while answering · grouping %s",
		voteSettingsText(set), map[bool]string{true: "hidden", false: "shown"}[set.HideNotes],
		map[bool]string{true: "locked", false: "open"}[set.GroupingLocked])
	if t := m.timerText(); t != "" {
		status += " · " + t
	}
	out = append(out, "", s.Faint.Render(status))
	return column(w, h, out...)
}
