package session_test

import (
	"fmt"
	"reflect"
	"testing"

	"forwhom/session"
)

// sameExported compares what a view shows: its exported fields.
func sameExported(a, b *session.View) bool {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		if va.Type().Field(i).IsExported() && !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return true
}

// A view written over the last one (what each participant's screen takes
// on every change) shows what a new one would, through hidden notes,
// segments, dots and revealed totals; it changes no view handed out by
// View; and once its lists have grown it costs no allocation.
func TestViewIntoMatchesAFreshView(t *testing.T) {
	r := newRoom(t, session.PhaseAnswer)
	kept := r.pat.View()
	before := fmt.Sprintf("%+v", *kept)
	v := new(session.View)
	check := func(step string) {
		t.Helper()
		if got, want := r.pat.ViewInto(v), r.pat.View(); got != v || !sameExported(got, want) {
			t.Fatalf("%s: ViewInto shows\n%+v\nView shows\n%+v", step, *got, *want)
		}
	}
	check("answering, others' notes hidden")
	r.note(r.pat, session.QuestionWho, "Testers")
	check("a note more")
	r.phase(session.PhaseGroup)
	check("grouping, every note shown")
	r.segA = r.segment(r.fac, "Builders", r.patWho)
	r.segB = r.segment(r.fac, "Analysts", r.piaWho)
	check("two segments")
	r.phase(session.PhaseVote)
	r.do(r.pat, session.CastDot{Segment: r.segA})
	r.do(r.pia, session.CastDot{Segment: r.segB})
	check("dots cast")
	r.do(r.fac, session.RevealVotes{Revealed: true})
	check("totals revealed")
	if n := testing.AllocsPerRun(10, func() { r.pat.ViewInto(v) }); n != 0 {
		t.Errorf("a view written over the last one allocated %v times; want 0", n)
	}
	r.phase(session.PhaseDiscuss)
	check("discussing")
	r.do(r.pat, session.AddNextStep{Segment: r.segA, Kind: session.StepSurvey, Text: "Survey the builders", Owner: "Pia"})
	r.do(r.pia, session.AddNextStep{Segment: r.segB, Text: "Talk to an analyst"})
	r.do(r.fac, session.Spotlight{Segment: r.segA})
	r.do(r.fac, session.SetSegmentType{Segment: r.segA, Type: session.TypeEndUser})
	check("next steps, spotlight and a customer type")
	if n := testing.AllocsPerRun(10, func() { r.pat.ViewInto(v) }); n != 0 {
		t.Errorf("a Discuss view written over the last one allocated %v times; want 0", n)
	}
	r.phase(session.PhaseAnswer)
	check("back in Answer: segments keep only the viewer's own notes")
	if after := fmt.Sprintf("%+v", *kept); after != before {
		t.Errorf("a view from View changed after later ones were written over:\nwas  %s\nnow  %s", before, after)
	}
}
