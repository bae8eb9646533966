package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The workshop frame: a header with the title, join code, timer, phase
// stepper and presence; the current phase's screen (or the people panel
// or facilitator menu in front of it); a prompt or question when one is
// open; the status line; the help bar.

type overlay int

const (
	overlayNone overlay = iota
	overlayPeople
	overlayMenu
	overlayQuestions
	overlayMovement
)

// workshop is the model's state while in a workshop.
type workshop struct {
	link  *link
	view  *session.View
	spare *session.View // the view before view: the next change is written over it

	nextView, connDone func() tea.Msg   // takeView and ended, for the host (see watching)
	change             viewMsg          // takeView's message, handed out by pointer
	answers            []session.Answer // takeView's answers, the list reused

	// outbox is the viewer's commands not yet answered, oldest first: the
	// session runs them in this order, and toggles are worked out from
	// what they ask (see wanted).
	outbox  []sent
	phase   session.Phase // the phase the screens below were set up for
	ticking bool          // a timer tick is pending
	rang    time.Time     // the deadline the bell rang for

	overlay overlay
	prompt  *prompt
	confirm *confirm

	answer    answerState
	group     groupState
	vote      voteState
	prio      prioState
	disc      discussState
	done      doneState
	people    peopleState
	menu      menuState
	questions questionsState
	earlier   int // the cursor on a follow-up's earlier segments, in the Lobby
}

func newWorkshop(l *link, v *session.View) *workshop {
	ws := &workshop{link: l, view: v, phase: v.Workshop.Phase}
	ws.group = newGroupState()
	ws.prio = newPrioState()
	ws.done = newDoneState()
	// Made once: the host asks for them after every change.
	ws.nextView, ws.connDone = ws.takeView, ws.ended
	return ws
}

// takeView is the workshop's newest state, for a host-run model. The host
// hands it to Update at once, which takes the view in place of the one
// before: that one is the spare the next change is written over, so a
// change costs each participant no new view.
func (ws *workshop) takeView() tea.Msg {
	v := ws.spare
	ws.spare = nil
	if v == nil {
		v = new(session.View)
	}
	// By pointer: a viewMsg in a tea.Msg would be a new allocation per
	// change. The host hands it to Update at once, and nothing keeps it.
	// The answers first (see waitForView).
	ws.answers = ws.conn().Answers(ws.answers[:0])
	ws.change = viewMsg{conn: ws.conn(), answers: ws.answers}
	ws.change.view = ws.conn().ViewInto(v)
	return &ws.change
}

func (ws *workshop) ended() tea.Msg { return connDoneMsg{conn: ws.conn()} }

func (ws *workshop) conn() *session.Conn { return ws.link.conn }

// run sends commands as the viewer, in order after every command sent
// before (see send).
func (ws *workshop) run(cmds ...session.Command) tea.Cmd {
	return ws.send(afterNothing, cmds...)
}

// send queues commands in the connection's outbox, in the order given,
// after every command sent before: the session runs them one at a time,
// each once the one before is answered, so what the viewer does lands in
// the order they did it. It never waits; the answers come with the next
// change (see answered).
func (ws *workshop) send(then after, cmds ...session.Command) tea.Cmd {
	for _, cmd := range cmds {
		seq, err := ws.conn().Submit(cmd)
		if err != nil {
			c := ws.conn()
			return func() tea.Msg { return resultMsg{conn: c, err: err} }
		}
		ws.outbox = append(ws.outbox, sent{seq: seq, cmd: cmd, then: then})
	}
	return nil
}

// answered takes the session's answers to the viewer's commands, which
// come in the order they were sent: each refusal is told in the status
// line, naming what was refused; the commands after one still ran.
func (m *Model) answered(answers []session.Answer) {
	ws := m.ws
	refused := 0
	var last string
	for _, a := range answers {
		then := afterNothing
		for len(ws.outbox) > 0 && ws.outbox[0].seq <= a.Seq {
			if ws.outbox[0].seq == a.Seq {
				then = ws.outbox[0].then
			}
			ws.outbox[0] = sent{}
			ws.outbox = ws.outbox[1:]
		}
		if then == afterAccept {
			// The accept the screen last sent is the one to undo.
			if a.Err == nil {
				ws.group.lastAccept = ws.group.sending
			}
			ws.group.sending = nil
		}
		if a.Err != nil {
			refused++
			last = refusalText(a.Cmd, a.Err)
			continue
		}
		if then == afterClearPicks {
			clear(ws.group.picked)
		}
	}
	if len(ws.outbox) == 0 {
		ws.outbox = ws.outbox[:0:0]
	}
	if refused == 0 {
		return
	}
	if refused > 1 {
		last += fmt.Sprintf(" (%d actions refused)", refused)
	}
	m.status = status{text: last, warn: true}
}

// refusalText is a refusal as the status line says it: the session's
// sentence, and for a note that was not added, which note, whose words
// would otherwise be lost from view.
func refusalText(cmd session.Command, err error) string {
	if c, ok := cmd.(session.AddNote); ok {
		return fmt.Sprintf("%v (not added: “%s”)", err, truncateText(c.Text, 40))
	}
	return err.Error()
}

// truncateText cuts s to n characters, with an ellipsis.
func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// wanted is what the viewer has asked for, as far as they can tell: the
// view, with the commands still in their outbox applied on top in order.
// Toggles are worked out from it, so two quick presses ask for one state
// and then the other, whatever the view has caught up with.
type wanted struct {
	settings session.Settings
	ready    bool
	picks    [3]int64
}

// wantedRole is the role the viewer last asked for someone, or current.
func (ws *workshop) wantedRole(id string, current session.Role) session.Role {
	for _, s := range ws.outbox {
		if c, ok := s.cmd.(session.SetRole); ok && c.Participant == id {
			current = c.Role
		}
	}
	return current
}

func (ws *workshop) wanted() wanted {
	v := ws.view
	w := wanted{settings: v.Workshop.Settings, ready: v.Me.Ready}
	for _, l := range session.Lenses {
		w.picks[l] = v.Insights[l].Mine
	}
	for _, s := range ws.outbox {
		switch c := s.cmd.(type) {
		case session.SetReady:
			w.ready = c.Ready
		case session.SetPhase:
			w.ready = false // a new phase starts everyone not done
		case session.SetHideNotes:
			w.settings.HideNotes = c.Hidden
		case session.LockGrouping:
			w.settings.GroupingLocked = c.Locked
		case session.RevealVotes:
			w.settings.VotesRevealed = c.Revealed
		case session.SetAnonymous:
			w.settings.Anonymous = c.Anonymous
		case session.PickInsight:
			if c.Lens.Valid() {
				w.picks[c.Lens] = c.Segment
			}
		}
	}
	return w
}

// confirm is a yes/no question in front of a command.
type confirm struct {
	question string
	cmd      session.Command
}

// takeChange shows a newer state of the workshop, after the answers to
// the viewer's commands that came with it.
func (m *Model) takeChange(msg viewMsg) tea.Cmd {
	ws := m.ws
	if msg.conn != ws.conn() {
		return nil // from a workshop already left
	}
	if len(msg.answers) > 0 {
		m.answered(msg.answers)
	}
	m.setView(msg.view)
	return tea.Batch(m.waitForView(ws.link), m.timerCmd())
}

func (m *Model) updateWorkshop(msg tea.Msg) tea.Cmd {
	ws := m.ws
	switch msg := msg.(type) {
	case viewMsg:
		return m.takeChange(msg)
	case *viewMsg: // from takeView
		return m.takeChange(*msg)
	case connDoneMsg:
		if msg.conn != ws.conn() {
			return nil
		}
		return m.quit("The workshop stopped: the forwhom server is shutting down.")
	case resultMsg:
		if msg.conn != ws.conn() {
			return nil
		}
		if msg.err != nil {
			m.warn(msg.err)
		}
		return nil
	case againMsg:
		return m.tookAgain(msg)
	case templateMsg:
		if msg.err != nil {
			m.warn(msg.err)
		} else {
			m.note(msg.text)
		}
		return nil
	case tickMsg:
		if msg.conn != ws.conn() {
			return nil
		}
		ws.ticking = false
		return tea.Batch(m.timerEnded(), m.timerCmd())
	case tea.KeyPressMsg:
		return m.workshopKey(msg)
	}
	if ws.prompt != nil {
		return m.promptUpdate(msg)
	}
	return nil
}

// setView takes a newer state of the workshop.
func (m *Model) setView(v *session.View) {
	ws := m.ws
	if ws.view != v {
		ws.spare = ws.view // nothing else holds it (see watching)
	}
	ws.view = v
	if v.Workshop.Phase != ws.phase {
		// A new phase: what was half done belongs to the old one.
		ws.phase = v.Workshop.Phase
		ws.prompt, ws.confirm = nil, nil
		ws.group.merging = 0
		ws.group.lastAccept, ws.group.sending = nil, nil
		ws.disc = discussState{}
		// Each phase starts at the top: in Group that is the first "who"
		// note, ready to select, not whatever row Answer left highlighted.
		ws.group.cursor, ws.group.at = [2]int{}, [2]rowKey{}
		ws.overlay = overlayNone
		m.showAllHelp = false
	}
	if v.Me.Removed {
		ws.prompt, ws.confirm, ws.overlay = nil, nil, overlayNone
	}
	if !v.Can.Facilitate && (ws.overlay == overlayMenu || ws.overlay == overlayQuestions) {
		ws.overlay = overlayNone
	}
	if v.Workshop.Phase == session.PhaseGroup {
		// Outside Group the grouping state waits: entering Group starts
		// it afresh (above), and its selection is checked then.
		m.reconcileGroup()
	}
	if v.Workshop.Phase == session.PhaseAnswer {
		m.reconcileAnswer()
	}
	m.reconcileVote()
	m.reconcilePrio()
	if v.Workshop.Phase == session.PhaseDiscuss {
		m.reconcileDiscuss()
	}
	ws.people.cursor = clamp(ws.people.cursor, len(v.People))
}

// timerCmd schedules the next redraw of the countdown while a timer runs.
func (m *Model) timerCmd() tea.Cmd {
	ws := m.ws
	if ws == nil || ws.ticking {
		return nil
	}
	dl := ws.view.Workshop.Settings.TimerDeadline
	if dl.IsZero() || !m.now().Before(dl) {
		return nil
	}
	ws.ticking = true
	return tick(ws.conn(), m.timerStep(dl.Sub(m.now())))
}

// reducedStep is how often the countdown changes with reduced motion.
const reducedStep = 30 * time.Second

// timerStep is how long the countdown, with left to go, shows the same:
// a second, or with reduced motion up to 30 s (it then moves in steps of
// 30 s, and once more at the end).
func (m *Model) timerStep(left time.Duration) time.Duration {
	if !m.opts.Prefs.ReducedMotion {
		return time.Second
	}
	d := left % reducedStep
	if d <= 0 {
		d = reducedStep
	}
	return d
}

// timerEnded rings the bell once when the phase timer runs out, for a
// participant who asked for it.
func (m *Model) timerEnded() tea.Cmd {
	ws := m.ws
	dl := ws.view.Workshop.Settings.TimerDeadline
	if !m.opts.Prefs.Bell || dl.IsZero() || m.now().Before(dl) || ws.rang.Equal(dl) {
		return nil
	}
	ws.rang = dl
	return tea.Raw("\a")
}

func (m *Model) workshopKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	if ws.prompt != nil {
		return m.promptKey(msg)
	}
	if ws.confirm != nil {
		return m.confirmKey(msg)
	}
	m.status = status{}
	if ws.view.Me.Removed {
		if key.Matches(msg, m.keys.removed.Back) {
			return m.toLobby()
		}
		return nil
	}
	switch ws.overlay {
	case overlayPeople:
		return m.peopleKey(msg)
	case overlayMenu:
		return m.menuKey(msg)
	case overlayQuestions:
		return m.questionsKey(msg)
	case overlayMovement:
		// A view only: it closes, or shows the full help.
		k := m.keys.movement
		switch {
		case key.Matches(msg, k.Close):
			ws.overlay = overlayNone
		case key.Matches(msg, k.Help):
			m.showAllHelp = !m.showAllHelp
		}
		return nil
	}
	var handled bool
	var cmd tea.Cmd
	switch ws.view.Workshop.Phase {
	case session.PhaseLobby:
		handled, cmd = m.waitingKey(msg)
	case session.PhaseAnswer:
		handled, cmd = m.answerKey(msg)
	case session.PhaseGroup:
		handled, cmd = m.groupKey(msg)
	case session.PhaseVote:
		handled, cmd = m.voteKey(msg)
	case session.PhasePrioritize:
		handled, cmd = m.prioKey(msg)
	case session.PhaseDiscuss:
		handled, cmd = m.discussKey(msg)
	case session.PhaseDone:
		handled, cmd = m.doneKey(msg)
	}
	if handled {
		return cmd
	}
	return m.frameKey(msg)
}

// frameKey handles the keys every workshop screen shares.
func (m *Model) frameKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	f := m.frame()
	phase := ws.view.Workshop.Phase
	switch {
	case pressed(msg, f.NextPhase):
		if phase == session.PhaseDone {
			m.note("The workshop is done; there is no next phase.")
			return nil
		}
		return ws.run(session.SetPhase{Phase: phase + 1})
	case pressed(msg, f.PrevPhase):
		if phase == session.PhaseLobby {
			m.note("This is the first phase.")
			return nil
		}
		return ws.run(session.SetPhase{Phase: phase - 1})
	case key.Matches(msg, f.Facilitate):
		ws.overlay = overlayMenu
		ws.menu.cursor = 0
		return nil
	case key.Matches(msg, f.People):
		ws.overlay = overlayPeople
		return nil
	case key.Matches(msg, f.Since):
		ws.overlay = overlayMovement
		return nil
	case key.Matches(msg, f.Help):
		m.showAllHelp = !m.showAllHelp
		return nil
	case key.Matches(msg, f.Back):
		return m.toLobby()
	}
	return nil
}

// frame is the shared keys as the current screen's keymap has them.
func (m *Model) frame() frameKeys {
	switch m.ws.view.Workshop.Phase {
	case session.PhaseLobby:
		return m.keys.waiting.frameKeys
	case session.PhaseAnswer:
		return m.keys.answer.frameKeys
	case session.PhaseGroup:
		return m.keys.group.frameKeys
	case session.PhaseVote:
		return m.keys.vote.frameKeys
	case session.PhasePrioritize:
		return m.keys.prioritize.frameKeys
	case session.PhaseDiscuss:
		return m.keys.discuss.frameKeys
	}
	return m.keys.done.frameKeys
}

func (m *Model) syncWorkshopKeys() {
	ws := m.ws
	v := ws.view
	f := frameKeysProto // a copy: its bindings are set below
	f.NextPhase.SetEnabled(v.Can.MoveTo.Has(v.Workshop.Phase + 1))
	f.PrevPhase.SetEnabled(v.Can.MoveTo.Has(v.Workshop.Phase - 1))
	f.Facilitate.SetEnabled(v.Can.Facilitate)
	f.Since.SetEnabled(len(v.Movement) > 0)
	if v.Workshop.Phase == session.PhaseLobby {
		f.NextPhase.SetHelp(">", "start")
	}
	m.keys.waiting.frameKeys = f
	m.keys.answer.frameKeys = f
	m.keys.group.frameKeys = f
	m.keys.vote.frameKeys = f
	m.keys.prioritize.frameKeys = f
	m.keys.discuss.frameKeys = f
	m.keys.done.frameKeys = f

	// Only the keymaps that can be in use now: each is synced again at the
	// end of the Update that brings it in front (a new phase, an opened
	// panel), before any key is matched against it or its help is drawn.
	switch v.Workshop.Phase {
	case session.PhaseAnswer:
		m.syncAnswerKeys()
	case session.PhaseGroup:
		m.syncGroupKeys()
	case session.PhaseVote:
		m.syncVoteKeys()
	case session.PhasePrioritize:
		m.syncPrioKeys()
	case session.PhaseDiscuss:
		m.syncDiscussKeys()
	}
	switch ws.overlay {
	case overlayPeople:
		m.syncPeopleKeys()
	case overlayMenu:
		m.syncMenuKeys()
	case overlayQuestions:
		m.syncQuestionsKeys()
	}
	switch v.Workshop.Phase {
	case session.PhaseLobby:
		k := &m.keys.waiting
		k.Questions.SetEnabled(v.Can.Facilitate)
		n := len(reviewItems(v.Earlier))
		k.Up.SetEnabled(v.Can.ReviewEarlier && n > 1)
		k.Down.SetEnabled(v.Can.ReviewEarlier && n > 1)
		k.Review.SetEnabled(v.Can.ReviewEarlier)
	case session.PhaseDone:
		m.keys.done.Again.SetEnabled(v.Can.Facilitate)
	}
}

// workshopKeys is the keymap of whatever is in front (a pointer, as for
// currentKeys).
func (m *Model) workshopKeys() keyMap {
	ws := m.ws
	switch {
	case ws.prompt != nil:
		return &m.keys.prompt
	case ws.confirm != nil:
		return &m.keys.confirm
	case ws.disc.choose != chooseNone && ws.view.Workshop.Phase == session.PhaseDiscuss:
		return &m.keys.choice
	case ws.view.Me.Removed:
		return &m.keys.removed
	case ws.overlay == overlayPeople:
		return &m.keys.people
	case ws.overlay == overlayMenu:
		return &m.keys.menu
	case ws.overlay == overlayQuestions:
		return &m.keys.questions
	case ws.overlay == overlayMovement:
		return &m.keys.movement
	}
	switch ws.view.Workshop.Phase {
	case session.PhaseLobby:
		return &m.keys.waiting
	case session.PhaseAnswer:
		return &m.keys.answer
	case session.PhaseGroup:
		return &m.keys.group
	case session.PhaseVote:
		return &m.keys.vote
	case session.PhasePrioritize:
		return &m.keys.prioritize
	case session.PhaseDiscuss:
		return &m.keys.discuss
	}
	return &m.keys.done
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	k := m.keys.confirm
	switch {
	case key.Matches(msg, k.Yes):
		c := ws.confirm
		ws.confirm = nil
		return ws.run(c.cmd)
	case key.Matches(msg, k.No):
		ws.confirm = nil
	}
	return nil
}

// viewWorkshop draws the frame around the screen in front.
func (m *Model) viewWorkshop(w, h int) string {
	ws := m.ws
	iw := max(1, w-2)
	header := m.header(iw)
	var under []string
	switch {
	case ws.prompt != nil:
		under = []string{m.promptView(iw)}
	case ws.confirm != nil:
		under = []string{truncate(m.styles.Warn.Render("? ")+m.styles.Bold.Render(ws.confirm.question)+
			m.styles.Faint.Render("  y yes · n no"), iw)}
	case ws.disc.choose != chooseNone && ws.view.Workshop.Phase == session.PhaseDiscuss:
		under = m.choiceView(iw)
	}
	var body func(w, h int) string
	var draw func(f *frameBuf, w, h int) // a body that writes its own lines
	hint := ""
	switch {
	case ws.view.Me.Removed:
		body, hint = m.removedBody, "Removed participants cannot rejoin this workshop."
	case ws.overlay == overlayPeople:
		body, hint = m.peopleBody, m.peopleHint()
	case ws.overlay == overlayMenu:
		body, hint = m.menuBody, "Facilitator controls: everyone sees the result at once."
	case ws.overlay == overlayQuestions:
		body, hint = m.questionsBody, m.questionsHint()
	case ws.overlay == overlayMovement:
		body, hint = m.movementBody, "How the segments moved since the workshop this one follows. M or esc closes."
	default:
		switch ws.view.Workshop.Phase {
		case session.PhaseLobby:
			body, hint = m.waitingBody, m.waitingHint()
		case session.PhaseAnswer:
			draw, hint = m.answerBody, m.answerHint()
		case session.PhaseGroup:
			body, hint = m.groupBody, m.groupHint()
		case session.PhaseVote:
			draw, hint = m.voteBody, m.voteHint()
		case session.PhasePrioritize:
			body, hint = m.prioBody, m.prioHint()
		case session.PhaseDiscuss:
			body, hint = m.discussBody, m.discussHint()
		default:
			body, hint = m.doneBody, m.doneHint()
		}
	}
	if draw != nil {
		return m.pageDraw(w, h, header, under, hint, draw)
	}
	return m.page(w, h, header, under, hint, body)
}

// header is the workshop's first three lines, each cut to w cells: title
// and join code (and timer), the phase stepper and presence, and a rule.
// Most changes in a workshop leave it as it was, so it is kept for the
// next frame with everything it shows as its key.
func (m *Model) header(w int) []string {
	v := m.ws.view
	k := headerKey{
		styles: m.styles, w: w,
		title: v.Workshop.Title, code: v.Workshop.Code,
		timer: m.timerSeconds(), phase: v.Workshop.Phase, removed: v.Me.Removed,
	}
	k.here, k.busy = m.presenceCounts()
	c := &m.frameCache().header
	if c.ok && c.key == k {
		return c.lines
	}
	s := m.styles
	right := "join " + s.Bold.Render(v.Workshop.Code)
	if t := m.timerTextFor(k.timer); t != "" {
		right = t + s.Faint.Render(" · ") + right
	}
	top := spread(s.Brand.Render("forwhom")+s.Faint.Render(" · ")+s.Title.Render(v.Workshop.Title), right, w)

	pres := ""
	if !v.Me.Removed {
		pres = s.Faint.Render(m.presence())
	}
	stepW := w - cellWidth(pres) - 2
	second := spread(m.stepper(v.Workshop.Phase, stepW), pres, w)
	c.key, c.ok = k, true
	c.lines = []string{truncate(top, w), truncate(second, w), truncate(m.rule(w), w)}
	return c.lines
}

// stepper shows every phase with the current one marked; when the line is
// too narrow it shows only the current one.
func (m *Model) stepper(cur session.Phase, w int) string {
	s := m.styles
	parts := make([]string, len(session.Phases))
	for i, p := range session.Phases {
		switch {
		case p < cur:
			parts[i] = s.StepPast.Render(p.Title())
		case p == cur:
			parts[i] = s.StepCurrent.Render("● " + p.Title())
		default:
			parts[i] = s.StepNext.Render(p.Title())
		}
	}
	out := strings.Join(parts, s.Faint.Render(" › "))
	if cellWidth(out) <= w {
		return out
	}
	return s.StepCurrent.Render("● "+cur.Title()) + s.Faint.Render(fmt.Sprintf(" · phase %d of %d", int(cur)+1, len(session.Phases)))
}

// presence summarizes who is here: "12 here · 3 writing".
func (m *Model) presence() string {
	here, busy := m.presenceCounts()
	out := fmt.Sprintf("%d here", here)
	if m.ws.view.Workshop.Phase == session.PhaseAnswer {
		out += fmt.Sprintf(" · %d writing", busy)
	}
	return out
}

// presenceCounts counts who is here, and who of them is not done: counted
// once per change for everyone, by the session.
func (m *Model) presenceCounts() (here, busy int) { return m.ws.view.Here, m.ws.view.Busy }

// timerSeconds is what the countdown shows, as a number: the seconds left
// (rounded up, as clock shows them), -1 once time is up, 0 with no timer.
func (m *Model) timerSeconds() int {
	dl := m.ws.view.Workshop.Settings.TimerDeadline
	if dl.IsZero() {
		return 0
	}
	left := dl.Sub(m.now())
	if left <= 0 {
		return -1
	}
	if m.opts.Prefs.ReducedMotion {
		// Up to the next 30 s: the countdown changes twice a minute.
		left = (left + reducedStep - 1) / reducedStep * reducedStep
	}
	return int((left + time.Second - 1) / time.Second)
}

// timerText is the countdown of the phase timer, or "" when none runs.
func (m *Model) timerText() string { return m.timerTextFor(m.timerSeconds()) }

// timerTextFor is timerText for what timerSeconds said.
func (m *Model) timerTextFor(secs int) string {
	s := m.styles
	switch secs {
	case 0:
		return ""
	case -1:
		return s.Warn.Render("time's up")
	default:
		return s.Bold.Render("timer " + clock(time.Duration(secs)*time.Second))
	}
}

// clock formats a duration as m:ss or h:mm:ss, rounding up so that the
// last second shows 0:01, not 0:00.
func clock(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	h, mnt, sec := secs/3600, secs/60%60, secs%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mnt, sec)
	}
	return fmt.Sprintf("%d:%02d", mnt, sec)
}

func (m *Model) removedBody(w, h int) string {
	s := m.styles
	msg := []string{
		s.Warn.Render("You were removed from this workshop"),
		"",
		s.Faint.Render("A facilitator took you out of “" + m.ws.view.Workshop.Title + "”."),
		s.Faint.Render("Press enter to go back to the lobby."),
	}
	for i, l := range msg {
		msg[i] = truncate(l, w)
	}
	return placeCenter(w, h, msg)
}

// placeCenter centres lines in a w×h box.
func placeCenter(w, h int, ls []string) string {
	top := max(0, (h-len(ls))/2)
	out := make([]string, 0, h)
	for range top {
		out = append(out, "")
	}
	for _, l := range ls {
		left := max(0, (w-cellWidth(l))/2)
		out = append(out, strings.Repeat(" ", left)+l)
	}
	return strings.Join(out, "\n")
}
