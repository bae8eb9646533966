package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Keys are data: each screen has one keymap, Update matches keys with
// key.Matches on its bindings, and the help bar is drawn from the same
// bindings, so it can never offer a key that does not work or hide one
// that does. Bindings that do not apply right now (facilitator keys for a
// participant, "edit" on someone else's note) are disabled, which hides
// them from the help bar.
//
// One exception keeps the session the only judge of permissions: a key
// that sends a command straight away (such as ">" for the next phase) is
// matched with pressed, which ignores whether the binding is enabled. A
// participant who presses it is then told the session's refusal ("only a
// facilitator can change the phase") instead of nothing happening.

// pressed reports whether msg is one of b's keys, enabled or not.
func pressed(msg tea.KeyPressMsg, b key.Binding) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}

func bind(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

func enabled(bs ...key.Binding) []key.Binding { return appendEnabled(nil, bs...) }

// appendEnabled appends the enabled bindings of bs to out.
func appendEnabled(out []key.Binding, bs ...key.Binding) []key.Binding {
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// keyMap is a screen's keys: help.KeyMap, and its short help appended to
// a slice, which the help bar's cache compares on every frame without
// making a new list.
type keyMap interface {
	help.KeyMap
	short(b []key.Binding) []key.Binding
}

// fitted is a keymap whose short help keeps to a width: it drops bindings
// from the end of the list but always keeps the last one ("? more"), so
// the way to the full help never falls off the bar.
type fitted struct {
	help.KeyMap
	width int
}

func (f fitted) ShortHelp() []key.Binding {
	bs := f.KeyMap.ShortHelp()
	for len(bs) > 1 && shortHelpWidth(bs) > f.width {
		bs = append(bs[:len(bs)-2:len(bs)-2], bs[len(bs)-1])
	}
	return bs
}

// shortHelpWidth is how wide help.Model draws bindings as short help.
func shortHelpWidth(bs []key.Binding) int {
	w := 0
	for i, b := range bs {
		if i > 0 {
			w += 3 // " • "
		}
		w += cellWidth(b.Help().Key) + 1 + cellWidth(b.Help().Desc)
	}
	return w
}

// frameKeys work on every workshop screen.
type frameKeys struct {
	NextPhase  key.Binding
	PrevPhase  key.Binding
	Facilitate key.Binding
	People     key.Binding
	Since      key.Binding // a follow-up's movement view, from Prioritize on
	Help       key.Binding
	Back       key.Binding
	Quit       key.Binding
}

// frameKeysProto is the frame's keys as new: copied, never changed. (A
// copy shares each binding's list of keys, which nothing changes.)
var frameKeysProto = newFrameKeys()

func newFrameKeys() frameKeys {
	return frameKeys{
		NextPhase:  bind([]string{">"}, ">", "next phase"),
		PrevPhase:  bind([]string{"<"}, "<", "previous phase"),
		Facilitate: bind([]string{"F"}, "F", "facilitator menu"),
		People:     bind([]string{"P"}, "P", "people"),
		Since:      bind([]string{"M"}, "M", "since last time"),
		Help:       bind([]string{"?"}, "?", "more"),
		Back:       bind([]string{"esc"}, "esc", "back to lobby"),
		Quit:       bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k frameKeys) column() []key.Binding {
	return enabled(k.NextPhase, k.PrevPhase, k.Facilitate, k.People, k.Since, k.Back, k.Help, k.Quit)
}

// lobbyKeys: creating, joining and resuming workshops.
type lobbyKeys struct {
	Next     key.Binding
	Prev     key.Binding
	Up       key.Binding
	Down     key.Binding
	Template key.Binding // the next template for a new workshop
	Submit   key.Binding
	Clear    key.Binding
	Help     key.Binding
	Quit     key.Binding
}

func newLobbyKeys() lobbyKeys {
	return lobbyKeys{
		Next:     bind([]string{"tab"}, "tab", "next"),
		Prev:     bind([]string{"shift+tab"}, "shift+tab", "previous"),
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		Template: bind([]string{"ctrl+t"}, "ctrl+t", "template"),
		Submit:   bind([]string{"enter"}, "enter", "open"),
		Clear:    bind([]string{"esc"}, "esc", "clear"),
		Help:     bind([]string{"?"}, "?", "more"),
		Quit:     bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k lobbyKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k lobbyKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Submit, k.Template, k.Next, k.Up, k.Down, k.Clear, k.Help, k.Quit)
}

func (k lobbyKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Next, k.Prev, k.Template),
		enabled(k.Submit, k.Clear, k.Help, k.Quit),
	}
}

// waitingKeys: the workshop's Lobby phase.
type waitingKeys struct {
	Rename    key.Binding
	Questions key.Binding // facilitator
	Up, Down  key.Binding // a follow-up's earlier segments (facilitator)
	Review    key.Binding // facilitator
	frameKeys
}

func newWaitingKeys(f frameKeys) waitingKeys {
	return waitingKeys{
		Rename:    bind([]string{"r"}, "r", "rename yourself"),
		Questions: bind([]string{"Q"}, "Q", "questions"),
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		Review:    bind([]string{"space"}, "space", "done/open/dropped"),
		frameKeys: f,
	}
}

func (k waitingKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k waitingKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Review, k.Rename, k.People, k.NextPhase, k.Facilitate, k.Questions, k.Back, k.Help)
}

func (k waitingKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Up, k.Down, k.Review, k.Rename, k.Questions), k.column()}
}

// answerKeys: three columns of notes.
type answerKeys struct {
	Up, Down    key.Binding
	Left, Right key.Binding
	Add         key.Binding
	Edit        key.Binding
	Delete      key.Binding
	Done        key.Binding
	ShowNotes   key.Binding // facilitator
	frameKeys
}

func newAnswerKeys(f frameKeys) answerKeys {
	return answerKeys{
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		Left:      bind([]string{"shift+tab", "left", "h"}, "shift+tab/←", "previous column"),
		Right:     bind([]string{"tab", "right", "l"}, "tab", "column"),
		Add:       bind([]string{"a", "enter"}, "a", "add"),
		Edit:      bind([]string{"e"}, "e", "edit"),
		Delete:    bind([]string{"d"}, "d", "delete"),
		Done:      bind([]string{"space"}, "space", "done"),
		ShowNotes: bind([]string{"H"}, "H", "show/hide others' notes"),
		frameKeys: f,
	}
}

func (k answerKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k answerKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Add, k.Edit, k.Delete, k.Done, k.Right, k.NextPhase, k.Help)
}

func (k answerKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Left, k.Right),
		enabled(k.Add, k.Edit, k.Delete, k.Done, k.ShowNotes),
		k.column(),
	}
}

// groupKeys: notes on the left, segments on the right.
type groupKeys struct {
	Up, Down key.Binding
	Pane     key.Binding
	Select   key.Binding
	Create   key.Binding
	Into     key.Binding
	Out      key.Binding
	Rename   key.Binding
	Merge    key.Binding
	Filter   key.Binding
	Delete   key.Binding // facilitator: moderation
	Lock     key.Binding // facilitator
	Cancel   key.Binding
	// Suggested segments, for those who may group.
	Accept   key.Binding
	Reject   key.Binding
	EditName key.Binding
	NextSug  key.Binding
	PrevSug  key.Binding
	Undo     key.Binding
	frameKeys
}

func newGroupKeys(f frameKeys) groupKeys {
	return groupKeys{
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		Pane:      bind([]string{"tab", "shift+tab", "left", "right", "h", "l"}, "tab", "switch pane"),
		Select:    bind([]string{"space"}, "space", "select"),
		Create:    bind([]string{"s"}, "s", "new segment"),
		Into:      bind([]string{"enter"}, "enter", "put selected here"),
		Out:       bind([]string{"u"}, "u", "take out"),
		Rename:    bind([]string{"r"}, "r", "rename"),
		Merge:     bind([]string{"m"}, "m", "merge"),
		Filter:    bind([]string{"/"}, "/", "filter"),
		Delete:    bind([]string{"d"}, "d", "delete note"),
		Lock:      bind([]string{"L"}, "L", "lock/unlock grouping"),
		Cancel:    bind([]string{"esc"}, "esc", "cancel"),
		Accept:    bind([]string{"y"}, "y", "accept suggestion"),
		Reject:    bind([]string{"n"}, "n", "reject"),
		EditName:  bind([]string{"e"}, "e", "edit name, accept"),
		NextSug:   bind([]string{"]"}, "]", "next suggestion"),
		PrevSug:   bind([]string{"["}, "[", "previous suggestion"),
		Undo:      bind([]string{"U"}, "U", "undo accept"),
		frameKeys: f,
	}
}

func (k groupKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k groupKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Into, k.Accept, k.Reject, k.Select, k.Create, k.Merge, k.Out, k.Cancel, k.Pane, k.NextPhase, k.Help)
}

func (k groupKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Pane, k.Filter, k.Cancel),
		enabled(k.Select, k.Create, k.Into, k.Out, k.Rename, k.Merge, k.Delete, k.Lock),
		enabled(k.Accept, k.Reject, k.EditName, k.NextSug, k.PrevSug, k.Undo),
		k.column(),
	}
}

// voteKeys: dots on segments.
type voteKeys struct {
	Up, Down key.Binding
	Add      key.Binding
	Remove   key.Binding
	Done     key.Binding
	Reveal   key.Binding // facilitator
	Settings key.Binding // facilitator
	frameKeys
}

func newVoteKeys(f frameKeys) voteKeys {
	return voteKeys{
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		Add:       bind([]string{"+", "=", "l", "right", "space"}, "+/→", "add dot"),
		Remove:    bind([]string{"-", "h", "left"}, "-/←", "take back"),
		Done:      bind([]string{"d"}, "d", "done"),
		Reveal:    bind([]string{"R"}, "R", "reveal/hide totals"),
		Settings:  bind([]string{"V"}, "V", "vote settings"),
		frameKeys: f,
	}
}

func (k voteKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k voteKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Add, k.Remove, k.Done, k.Reveal, k.NextPhase, k.Help)
}

func (k voteKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down),
		enabled(k.Add, k.Remove, k.Done, k.Reveal, k.Settings),
		k.column(),
	}
}

// prioritizeKeys: the ranked list and the insight polls.
type prioritizeKeys struct {
	Up, Down    key.Binding
	Expand      key.Binding
	Biggest     key.Binding
	Valuable    key.Binding
	Underserved key.Binding
	Filter      key.Binding
	MinVotes    key.Binding
	Cancel      key.Binding
	frameKeys
}

func newPrioritizeKeys(f frameKeys) prioritizeKeys {
	return prioritizeKeys{
		Up:          bind([]string{"up", "k"}, "↑/k", "up"),
		Down:        bind([]string{"down", "j"}, "↓/j", "down"),
		Expand:      bind([]string{"enter", "o"}, "enter", "open"),
		Biggest:     bind([]string{"1"}, "1", "★ biggest"),
		Valuable:    bind([]string{"2"}, "2", "◆ valuable"),
		Underserved: bind([]string{"3"}, "3", "▲ underserved"),
		Filter:      bind([]string{"/"}, "/", "filter"),
		MinVotes:    bind([]string{"v"}, "v", "min votes"),
		Cancel:      bind([]string{"esc"}, "esc", "clear filters"),
		frameKeys:   f,
	}
}

func (k prioritizeKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k prioritizeKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Expand, k.Biggest, k.Valuable, k.Underserved, k.Filter, k.Help)
}

func (k prioritizeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Expand, k.Filter, k.MinVotes, k.Cancel),
		enabled(k.Biggest, k.Valuable, k.Underserved),
		k.column(),
	}
}

// discussKeys: the spotlight, who a segment is, next steps.
type discussKeys struct {
	Next, Prev key.Binding
	Rank       key.Binding
	GoTo       key.Binding
	Follow     key.Binding
	Up, Down   key.Binding
	Add        key.Binding
	Edit       key.Binding
	Delete     key.Binding
	Type       key.Binding
	Role       key.Binding
	OpenWho    key.Binding // facilitator
	TimeBox    key.Binding // facilitator
	frameKeys
}

func newDiscussKeys(f frameKeys) discussKeys {
	return discussKeys{
		Next:      bind([]string{"n", "right", "l"}, "n/→", "next"),
		Prev:      bind([]string{"p", "left", "h"}, "p/←", "previous"),
		Rank:      bind([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "rank"),
		GoTo:      bind([]string{"g"}, "g", "go to rank…"),
		Follow:    bind([]string{"f"}, "f", "follow the spotlight"),
		Up:        bind([]string{"up", "k"}, "↑/k", "up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "down"),
		Add:       bind([]string{"a"}, "a", "add next step"),
		Edit:      bind([]string{"e"}, "e", "edit"),
		Delete:    bind([]string{"d"}, "d", "remove"),
		Type:      bind([]string{"t"}, "t", "type"),
		Role:      bind([]string{"r"}, "r", "role"),
		OpenWho:   bind([]string{"O"}, "O", "open who to the room"),
		TimeBox:   bind([]string{"B"}, "B", "time box"),
		frameKeys: f,
	}
}

func (k discussKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k discussKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Next, k.Prev, k.Follow, k.Add, k.Type, k.Role, k.NextPhase, k.Help)
}

func (k discussKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Next, k.Prev, k.Rank, k.GoTo, k.Follow, k.Up, k.Down),
		enabled(k.Add, k.Edit, k.Delete, k.Type, k.Role, k.OpenWho, k.TimeBox),
		k.column(),
	}
}

// choiceKeys: a pick from a numbered list.
type choiceKeys struct {
	Pick   key.Binding
	Cancel key.Binding
	Quit   key.Binding
}

func newChoiceKeys() choiceKeys {
	return choiceKeys{
		Pick:   bind([]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "pick"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
		Quit:   bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k choiceKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k choiceKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Pick, k.Cancel, k.Quit)
}
func (k choiceKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Pick, k.Cancel, k.Quit)}
}

// doneKeys: the read-only summary.
type doneKeys struct {
	Up, Down       key.Binding
	PageUp, PageDn key.Binding
	Again          key.Binding // facilitator
	frameKeys
}

func newDoneKeys(f frameKeys) doneKeys {
	return doneKeys{
		Up:        bind([]string{"up", "k"}, "↑/k", "scroll up"),
		Down:      bind([]string{"down", "j"}, "↓/j", "scroll down"),
		PageUp:    bind([]string{"pgup", "b"}, "pgup", "page up"),
		PageDn:    bind([]string{"pgdown", "f", "space"}, "pgdn", "page down"),
		Again:     bind([]string{"A"}, "A", "follow-up"),
		frameKeys: f,
	}
}

func (k doneKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k doneKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Down, k.Up, k.Again, k.Since, k.People, k.PrevPhase, k.Back, k.Help)
}

func (k doneKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Up, k.Down, k.PageUp, k.PageDn, k.Again), k.column()}
}

// peopleKeys: the people panel.
type peopleKeys struct {
	Up, Down key.Binding
	Remove   key.Binding // facilitator
	CoFac    key.Binding // facilitator
	HandOver key.Binding // facilitator
	Close    key.Binding
	Help     key.Binding
	Quit     key.Binding
}

func newPeopleKeys() peopleKeys {
	return peopleKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		Remove:   bind([]string{"x"}, "x", "remove"),
		CoFac:    bind([]string{"c"}, "c", "co-facilitator on/off"),
		HandOver: bind([]string{"f"}, "f", "hand over"),
		Close:    bind([]string{"esc", "P"}, "esc", "close"),
		Help:     bind([]string{"?"}, "?", "more"),
		Quit:     bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k peopleKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k peopleKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Up, k.Down, k.Remove, k.CoFac, k.HandOver, k.Close, k.Help)
}

func (k peopleKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Close),
		enabled(k.Remove, k.CoFac, k.HandOver),
		enabled(k.Help, k.Quit),
	}
}

// menuKeys: the facilitator menu. Each entry has its own key, which also
// works while the menu is open.
type menuKeys struct {
	Up, Down     key.Binding
	Run          key.Binding
	Close        key.Binding
	NextPhase    key.Binding
	PrevPhase    key.Binding
	Timer        key.Binding
	ClearTimer   key.Binding
	HideNotes    key.Binding
	Lock         key.Binding
	VoteSettings key.Binding
	Reveal       key.Binding
	Anonymous    key.Binding
	Guests       key.Binding
	Retitle      key.Binding
	TimeBox      key.Binding
	OpenWho      key.Binding
	Help         key.Binding
	Quit         key.Binding
}

func newMenuKeys() menuKeys {
	return menuKeys{
		Up:           bind([]string{"up", "k"}, "↑/k", "up"),
		Down:         bind([]string{"down", "j"}, "↓/j", "down"),
		Run:          bind([]string{"enter"}, "enter", "do it"),
		Close:        bind([]string{"esc", "F"}, "esc", "close"),
		NextPhase:    bind([]string{">"}, ">", "next phase"),
		PrevPhase:    bind([]string{"<"}, "<", "previous phase"),
		Timer:        bind([]string{"t"}, "t", "set timer"),
		ClearTimer:   bind([]string{"T"}, "T", "clear timer"),
		HideNotes:    bind([]string{"H"}, "H", "show/hide notes"),
		Lock:         bind([]string{"L"}, "L", "lock grouping"),
		VoteSettings: bind([]string{"V"}, "V", "vote settings"),
		Reveal:       bind([]string{"R"}, "R", "reveal votes"),
		Anonymous:    bind([]string{"A"}, "A", "anonymity"),
		Guests:       bind([]string{"G"}, "G", "guests"),
		Retitle:      bind([]string{"E"}, "E", "rename workshop"),
		TimeBox:      bind([]string{"B"}, "B", "time box per segment"),
		OpenWho:      bind([]string{"O"}, "O", "who: open to the room"),
		Help:         bind([]string{"?"}, "?", "more"),
		Quit:         bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k menuKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k menuKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Up, k.Down, k.Run, k.Close, k.Help)
}

func (k menuKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.Run, k.Close),
		enabled(k.NextPhase, k.PrevPhase, k.Timer, k.ClearTimer, k.HideNotes),
		enabled(k.Lock, k.VoteSettings, k.Reveal, k.Anonymous, k.Guests, k.Retitle, k.TimeBox, k.OpenWho),
		enabled(k.Help, k.Quit),
	}
}

// promptKeys: a one-line text input (notes, names, filters, numbers).
type promptKeys struct {
	Submit key.Binding
	Cancel key.Binding
	Quit   key.Binding
}

func newPromptKeys() promptKeys {
	return promptKeys{
		Submit: bind([]string{"enter"}, "enter", "ok"),
		Cancel: bind([]string{"esc"}, "esc", "cancel"),
		Quit:   bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k promptKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k promptKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Submit, k.Cancel, k.Quit)
}
func (k promptKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Submit, k.Cancel, k.Quit)}
}

// confirmKeys: a yes/no question.
type confirmKeys struct {
	Yes  key.Binding
	No   key.Binding
	Quit key.Binding
}

func newConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes:  bind([]string{"y", "Y"}, "y", "yes"),
		No:   bind([]string{"n", "N", "esc"}, "n/esc", "no"),
		Quit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k confirmKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k confirmKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Yes, k.No, k.Quit)
}
func (k confirmKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Yes, k.No, k.Quit)}
}

// removedKeys: the screen of someone removed from a workshop.
type removedKeys struct {
	Back key.Binding
	Quit key.Binding
}

func newRemovedKeys() removedKeys {
	return removedKeys{
		Back: bind([]string{"enter", "esc"}, "enter", "back to lobby"),
		Quit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k removedKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k removedKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Back, k.Quit)
}
func (k removedKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{enabled(k.Back, k.Quit)}
}

// keyMaps holds every screen's keymap.
type keyMaps struct {
	lobby      lobbyKeys
	waiting    waitingKeys
	answer     answerKeys
	group      groupKeys
	vote       voteKeys
	prioritize prioritizeKeys
	discuss    discussKeys
	choice     choiceKeys
	done       doneKeys
	people     peopleKeys
	menu       menuKeys
	questions  questionsKeys
	movement   movementKeys
	prompt     promptKeys
	confirm    confirmKeys
	removed    removedKeys
}

func newKeyMaps() keyMaps {
	f := newFrameKeys()
	return keyMaps{
		lobby:      newLobbyKeys(),
		waiting:    newWaitingKeys(f),
		answer:     newAnswerKeys(f),
		group:      newGroupKeys(f),
		vote:       newVoteKeys(f),
		prioritize: newPrioritizeKeys(f),
		discuss:    newDiscussKeys(f),
		choice:     newChoiceKeys(),
		done:       newDoneKeys(f),
		people:     newPeopleKeys(),
		menu:       newMenuKeys(),
		questions:  newQuestionsKeys(),
		movement:   newMovementKeys(),
		prompt:     newPromptKeys(),
		confirm:    newConfirmKeys(),
		removed:    newRemovedKeys(),
	}
}
