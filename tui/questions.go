package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"forwhom/session"
)

// The question editor: in the Lobby, before anyone has answered, a
// facilitator changes the workshop's questions (two to five, one of them
// the "who" question), starts from a template, or keeps them as a
// template of their own. Each change goes to the session at once, which
// checks it; everyone's Lobby shows the questions as they change.

type questionsState struct {
	cursor int
}

// questionsKeys: the question editor.
type questionsKeys struct {
	Up, Down   key.Binding
	Edit       key.Binding
	Short      key.Binding
	Who        key.Binding
	Add        key.Binding
	Delete     key.Binding
	MoveUp     key.Binding
	MoveDown   key.Binding
	Template   key.Binding
	Save       key.Binding
	Close      key.Binding
	Help, Quit key.Binding
}

func newQuestionsKeys() questionsKeys {
	return questionsKeys{
		Up:       bind([]string{"up", "k"}, "↑/k", "up"),
		Down:     bind([]string{"down", "j"}, "↓/j", "down"),
		Edit:     bind([]string{"e", "enter"}, "e", "edit"),
		Short:    bind([]string{"n"}, "n", "short name"),
		Who:      bind([]string{"w"}, "w", "make it the who"),
		Add:      bind([]string{"a"}, "a", "add"),
		Delete:   bind([]string{"d"}, "d", "delete"),
		MoveUp:   bind([]string{"K", "shift+up"}, "K", "move up"),
		MoveDown: bind([]string{"J", "shift+down"}, "J", "move down"),
		Template: bind([]string{"t"}, "t", "use a template"),
		Save:     bind([]string{"s"}, "s", "save as template"),
		Close:    bind([]string{"esc", "Q"}, "esc", "close"),
		Help:     bind([]string{"?"}, "?", "more"),
		Quit:     bind([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

func (k questionsKeys) ShortHelp() []key.Binding { return k.short(nil) }
func (k questionsKeys) short(b []key.Binding) []key.Binding {
	return appendEnabled(b, k.Edit, k.Who, k.Add, k.Delete, k.Template, k.Save, k.Close, k.Help)
}

func (k questionsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.MoveUp, k.MoveDown, k.Close),
		enabled(k.Edit, k.Short, k.Who, k.Add, k.Delete),
		enabled(k.Template, k.Save, k.Help, k.Quit),
	}
}

func (m *Model) syncQuestionsKeys() {
	k := &m.keys.questions
	v := m.ws.view
	qs := v.Workshop.Questions
	can := v.Can.EditQuestions
	for _, b := range []*key.Binding{&k.Edit, &k.Short, &k.Who, &k.Template} {
		b.SetEnabled(can)
	}
	k.Add.SetEnabled(can && qs.Len() < session.MaxQuestions)
	k.Delete.SetEnabled(can && qs.Len() > session.MinQuestions)
	cur := clamp(m.ws.questions.cursor, qs.Len())
	k.MoveUp.SetEnabled(can && cur > 0)
	k.MoveDown.SetEnabled(can && cur < qs.Len()-1)
	k.Save.SetEnabled(v.Can.Facilitate)
}

// setQuestions sends the questions with one change made to a copy.
func (m *Model) setQuestions(change func(defs []session.QuestionDef, who int) ([]session.QuestionDef, int)) tea.Cmd {
	qs := m.ws.view.Workshop.Questions
	defs, who := change(slices.Clone(qs.Defs()), int(qs.Who()))
	return m.ws.run(session.SetQuestions{Questions: defs, Who: who})
}

func (m *Model) questionsKey(msg tea.KeyPressMsg) tea.Cmd {
	ws := m.ws
	k := m.keys.questions
	qs := ws.view.Workshop.Questions
	n := qs.Len()
	cur := clamp(ws.questions.cursor, n)
	q := session.Question(cur)
	switch {
	case key.Matches(msg, k.Up):
		ws.questions.cursor = clamp(cur-1, n)
	case key.Matches(msg, k.Down):
		ws.questions.cursor = clamp(cur+1, n)
	case key.Matches(msg, k.Close):
		ws.overlay = overlayNone
	case key.Matches(msg, k.Help):
		m.showAllHelp = !m.showAllHelp
	case key.Matches(msg, k.Edit):
		return m.openPrompt(&prompt{kind: promptQuestion, question: q, label: fmt.Sprintf("Question %d", cur+1)},
			qs.Prompt(q), "the question as participants read it", session.MaxQuestionLen)
	case key.Matches(msg, k.Short):
		return m.openPrompt(&prompt{kind: promptQuestionShort, question: q, label: "Short name"},
			qs.Short(q), "for headings, exports and import: letters, digits, dashes", session.MaxShortLen)
	case key.Matches(msg, k.Add):
		return m.openPrompt(&prompt{kind: promptQuestionAdd, label: fmt.Sprintf("Question %d", n+1)},
			"", "a new question, asked last", session.MaxQuestionLen)
	case key.Matches(msg, k.Template):
		return m.openPrompt(&prompt{kind: promptTemplateUse, label: "Template"},
			"", m.templateHint(), session.MaxTemplateNameLen)
	case key.Matches(msg, k.Save):
		return m.openPrompt(&prompt{kind: promptTemplateSave, label: "Save as template"},
			"", "a name: letters, digits and dashes", session.MaxTemplateNameLen)
	case pressed(msg, k.Who): // sends at once: the session says why not
		return m.setQuestions(func(d []session.QuestionDef, _ int) ([]session.QuestionDef, int) { return d, cur })
	case pressed(msg, k.Delete):
		return m.setQuestions(func(d []session.QuestionDef, who int) ([]session.QuestionDef, int) {
			d = slices.Delete(d, cur, cur+1)
			switch {
			case who == cur:
				who = -1 // the session asks for a new "who"
			case who > cur:
				who--
			}
			ws.questions.cursor = clamp(cur, len(d))
			return d, who
		})
	case pressed(msg, k.MoveUp), pressed(msg, k.MoveDown):
		to := cur - 1
		if pressed(msg, k.MoveDown) {
			to = cur + 1
		}
		if to < 0 || to >= n {
			return nil
		}
		return m.setQuestions(func(d []session.QuestionDef, who int) ([]session.QuestionDef, int) {
			d[cur], d[to] = d[to], d[cur]
			switch who {
			case cur:
				who = to
			case to:
				who = cur
			}
			ws.questions.cursor = to
			return d, who
		})
	}
	return nil
}

// submitQuestionPrompt sends what a question prompt was opened for.
func (m *Model) submitQuestionPrompt(p *prompt, value string) tea.Cmd {
	ws := m.ws
	ws.prompt = nil
	i := int(p.question)
	switch p.kind {
	case promptQuestion:
		return m.setQuestions(func(d []session.QuestionDef, who int) ([]session.QuestionDef, int) {
			if i < len(d) {
				d[i].Prompt = value
			}
			return d, who
		})
	case promptQuestionShort:
		return m.setQuestions(func(d []session.QuestionDef, who int) ([]session.QuestionDef, int) {
			if i < len(d) {
				d[i].Short = value
			}
			return d, who
		})
	case promptQuestionAdd:
		ws.questions.cursor = ws.view.Workshop.Questions.Len()
		return m.setQuestions(func(d []session.QuestionDef, who int) ([]session.QuestionDef, int) {
			return append(d, session.QuestionDef{Prompt: value}), who
		})
	case promptTemplateUse:
		return applyTemplate(m.opts.Manager, m.opts.Identity, ws.conn(), value)
	case promptTemplateSave:
		return saveTemplate(m.opts.Manager, m.opts.Identity, ws.view.Workshop.Code, value)
	}
	return nil
}

// templateHint lists the built-in templates' names for the prompt.
func (m *Model) templateHint() string {
	var names []string
	for _, t := range session.BuiltInTemplates() {
		names = append(names, t.Name)
	}
	return strings.Join(names, ", ") + " or one of yours"
}

// templateMsg reports a template used or saved.
type templateMsg struct {
	text string
	err  error
}

func applyTemplate(m *session.Manager, who session.Identity, c *session.Conn, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		t, err := m.Template(ctx, who, name)
		if err == nil {
			err = c.Do(ctx, session.ApplyTemplate{Template: t})
		}
		return templateMsg{text: "Questions and settings from template " + t.Name + ".", err: err}
	}
}

func saveTemplate(m *session.Manager, who session.Identity, code, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
		defer cancel()
		t, err := m.SaveTemplate(ctx, who, code, name)
		return templateMsg{text: "Saved as template " + t.Name + ": start a workshop from it in the lobby or with new --template " + t.Name + ".", err: err}
	}
}

func (m *Model) questionsHint() string {
	v := m.ws.view
	switch {
	case v.Can.EditQuestions:
		return "Changes reach everyone at once. ★: its answers become segments."
	case v.Can.Facilitate:
		return "People have answered these questions: they stay as they are. You can still save them as a template."
	}
	return "The facilitator chooses the questions."
}

func (m *Model) questionsBody(w, h int) string {
	s := m.styles
	v := m.ws.view
	qs := v.Workshop.Questions
	cur := clamp(m.ws.questions.cursor, qs.Len())
	out := []string{
		s.Heading.Render("Questions") + s.Faint.Render(fmt.Sprintf(" · %d, of %d to %d · ★ marks the “who” question",
			qs.Len(), session.MinQuestions, session.MaxQuestions)),
		"",
	}
	shortW := 0
	for _, d := range qs.Defs() {
		shortW = max(shortW, cellWidth(d.Short))
	}
	lead := 2 + 2 + 2 + shortW + 2 // cursor, number, star, short name, gap
	for i, d := range qs.Defs() {
		star := "  "
		if qs.IsWho(session.Question(i)) {
			star = s.Good.Render("★ ")
		}
		text := wrapMax(d.Prompt, max(1, w-lead), 3)
		for j, l := range text {
			if i == cur {
				l = s.Current.Render(l)
			}
			if j == 0 {
				out = append(out, s.mark(i == cur)+fmt.Sprintf("%d ", i+1)+star+s.Tag.Render(pad(d.Short, shortW))+"  "+l)
			} else {
				out = append(out, strings.Repeat(" ", lead)+l)
			}
		}
	}
	out = append(out, "")
	var names []string
	for _, t := range session.BuiltInTemplates() {
		names = append(names, t.Name)
	}
	out = append(out, s.Faint.Render("Templates: "+strings.Join(names, " · ")+" · yours (t use, s save)"))
	for i := range out {
		out[i] = truncate(out[i], w)
	}
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}
