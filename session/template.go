package session

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MaxTemplateNameLen is the longest a template's name may be.
const MaxTemplateNameLen = 30

// Template is a workshop's questions and settings, kept to start other
// workshops from: one of forwhom's own (Owner empty) or a facilitator's,
// private to their key.
type Template struct {
	Name          string // lower case letters, digits and dashes
	About         string // one line saying what it asks
	Owner         string // the key's participant ID; empty for a built-in
	Questions     QuestionSet
	Anonymous     bool
	HideNotes     bool
	DotBudget     int
	MaxPerSegment int
	CreatedAt     time.Time
}

// BuiltIn reports whether the template ships with forwhom.
func (t Template) BuiltIn() bool { return t.Owner == "" }

// DefaultTemplate is the name of the template a workshop starts from when
// none is named: Heffernan's three questions.
const DefaultTemplate = "heffernan"

// BuiltInTemplates are the templates every facilitator has, the default
// first.
func BuiltInTemplates() []Template {
	d := DefaultSettings()
	t := func(name, about string, who int, defs ...QuestionDef) Template {
		qs, err := NewQuestionSet(defs, who)
		if err != nil {
			panic(fmt.Sprintf("built-in template %s: %v", name, err))
		}
		return Template{Name: name, About: about, Questions: qs,
			Anonymous: d.Anonymous, HideNotes: d.HideNotes, DotBudget: d.DotBudget, MaxPerSegment: d.MaxPerSegment}
	}
	return []Template{
		t(DefaultTemplate, "Heffernan's three: what we do, the value, for whom", int(QuestionWho), heffernan[:]...),
		t("customer-now", "Who is your customer now?", 0,
			QuestionDef{"who", "Who do you serve with what you do?"},
			QuestionDef{"describe", "Describe that person as your customer."},
			QuestionDef{"do", "What do you do with and for them?"}),
		t("drucker", "Drucker's customer questions", 0,
			QuestionDef{"primary", "Who is our primary customer?"},
			QuestionDef{"supporting", "Who are our supporting customers?"},
			QuestionDef{"change", "How will our customers change?"},
			QuestionDef{"value", "What does the customer value?"}),
	}
}

// TemplateName turns what someone typed into a template's name.
func TemplateName(s string) string { return slug(s, MaxTemplateNameLen) }

// TemplateStore keeps facilitators' own templates.
type TemplateStore interface {
	// Templates lists the owner's templates by name.
	Templates(ctx context.Context, owner string) ([]Template, error)
	// SaveTemplate writes a template, replacing the owner's one of the
	// same name.
	SaveTemplate(ctx context.Context, t Template) error
	// DeleteTemplate removes the owner's template of that name, if any.
	DeleteTemplate(ctx context.Context, owner, name string) error
}

// Templates lists the templates who may start a workshop from: the
// built-in ones, then their own by name.
func (m *Manager) Templates(ctx context.Context, who Identity) ([]Template, error) {
	out := BuiltInTemplates()
	if m.templates == nil || who.ID == "" || who.Guest {
		return out, nil
	}
	mine, err := m.templates.Templates(ctx, who.ID)
	if err != nil {
		return nil, fmt.Errorf("listing your templates: %w", err)
	}
	slices.SortFunc(mine, func(a, b Template) int { return cmp.Compare(a.Name, b.Name) })
	return append(out, mine...), nil
}

// Template finds one of who's templates by name, as typed.
func (m *Manager) Template(ctx context.Context, who Identity, typed string) (Template, error) {
	name := TemplateName(typed)
	all, err := m.Templates(ctx, who)
	if err != nil {
		return Template{}, err
	}
	var names []string
	for _, t := range all {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return Template{}, refuse(ErrNotFound, "there is no template %q; yours are: %s", Sanitize(typed, MaxTemplateNameLen), strings.Join(names, ", "))
}

// SaveTemplate keeps the questions and settings of workshop code as who's
// template called name. Only a facilitator of the workshop may.
func (m *Manager) SaveTemplate(ctx context.Context, who Identity, code, typed string) (Template, error) {
	if who.Guest || who.ID == "" {
		return Template{}, refuse(ErrGuest, "guests cannot keep templates; connect with an SSH key")
	}
	if m.templates == nil {
		return Template{}, refuse(ErrInvalid, "this server keeps no templates")
	}
	name := TemplateName(typed)
	if name == "" {
		return Template{}, refuse(ErrInvalid, "a template needs a name: letters, digits and dashes")
	}
	for _, b := range BuiltInTemplates() {
		if b.Name == name {
			return Template{}, refuse(ErrInvalid, "%q is one of forwhom's own templates; choose another name", name)
		}
	}
	snap, err := m.Snapshot(ctx, code)
	if err != nil {
		return Template{}, err
	}
	if !snap.isFacilitator(who.ID) {
		return Template{}, refuse(ErrNotFacilitator, "only a facilitator of %s can save it as a template", snap.Workshop.Code)
	}
	mine, err := m.templates.Templates(ctx, who.ID)
	if err != nil {
		return Template{}, fmt.Errorf("listing your templates: %w", err)
	}
	max := m.limits.TemplatesPerKey
	replaces := slices.ContainsFunc(mine, func(t Template) bool { return t.Name == name })
	if !replaces && max > 0 && len(mine) >= max {
		return Template{}, refuse(ErrLimit, "you already keep %d templates, the most one key may; delete one first", max)
	}
	w := snap.Workshop
	t := Template{
		Name: name, Owner: who.ID, Questions: w.Questions,
		Anonymous: w.Settings.Anonymous, HideNotes: w.Settings.HideNotes,
		DotBudget: w.Settings.DotBudget, MaxPerSegment: w.Settings.MaxPerSegment,
		CreatedAt: m.now(),
	}
	if err := m.templates.SaveTemplate(ctx, t); err != nil {
		return Template{}, fmt.Errorf("saving the template: %w", err)
	}
	return t, nil
}

// DeleteTemplate removes one of who's own templates.
func (m *Manager) DeleteTemplate(ctx context.Context, who Identity, typed string) error {
	t, err := m.Template(ctx, who, typed)
	if err != nil {
		return err
	}
	if t.BuiltIn() {
		return refuse(ErrInvalid, "%q is one of forwhom's own templates; it cannot be deleted", t.Name)
	}
	if err := m.templates.DeleteTemplate(ctx, who.ID, t.Name); err != nil {
		return fmt.Errorf("deleting the template: %w", err)
	}
	return nil
}

// apply makes a workshop start as the template says.
func (t Template) apply(w *WorkshopInfo) {
	w.Questions = t.Questions
	w.Settings.Anonymous, w.Settings.HideNotes = t.Anonymous, t.HideNotes
	if t.DotBudget > 0 {
		w.Settings.DotBudget = t.DotBudget
	}
	if t.MaxPerSegment > 0 {
		w.Settings.MaxPerSegment = min(t.MaxPerSegment, w.Settings.DotBudget)
	}
}
