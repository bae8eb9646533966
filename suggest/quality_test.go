package suggest

import (
	"os"
	"path/filepath"
	"testing"
)

// The targets of issue 15: on each labelled workshop, pairwise precision
// and recall of the suggested groups over its "who" notes.
const (
	wantPrecision = 0.80
	wantRecall    = 0.40
)

// TestQualityOnSamples measures the suggestions on the labelled sample
// workshops (testdata/*.csv, copied from the project's shared samples) and
// fails below the targets. The figures are logged; README quotes them.
func TestQualityOnSamples(t *testing.T) {
	files, err := filepath.Glob("testdata/*.csv")
	if err != nil || len(files) < 2 {
		t.Fatalf("samples: %v %v", files, err)
	}
	for _, path := range files {
		s := evaluateFile(t, path)
		t.Logf("%s: precision %.2f (%d/%d), recall %.2f (%d/%d)", filepath.Base(path),
			s.Precision, s.Correct, s.Pairs, s.Recall, s.Correct, s.Labelled)
		if s.Precision < wantPrecision || s.Recall < wantRecall {
			t.Errorf("%s: precision %.2f recall %.2f, want >= %.2f and >= %.2f",
				path, s.Precision, s.Recall, wantPrecision, wantRecall)
		}
	}
}

// TestQualityOnOtherWorkshops guards against tuning to the two samples:
// testdata/dev holds workshops from other fields (a hospital, a city
// council, an online shop, an accounting product, a software
// organisation), grouped by hand independently of the engine. Precision
// matters most; recall may be lower than on the samples.
func TestQualityOnOtherWorkshops(t *testing.T) {
	files, err := filepath.Glob("testdata/dev/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("workshops: %v %v", files, err)
	}
	var pairs, correct, labelled int
	for _, path := range files {
		s := evaluateFile(t, path)
		t.Logf("%s: precision %.2f (%d/%d), recall %.2f (%d/%d)", filepath.Base(path),
			s.Precision, s.Correct, s.Pairs, s.Recall, s.Correct, s.Labelled)
		pairs, correct, labelled = pairs+s.Pairs, correct+s.Correct, labelled+s.Labelled
		if s.Precision < 0.65 {
			t.Errorf("%s: precision %.2f, want >= 0.65", path, s.Precision)
		}
	}
	p, r := float64(correct)/float64(pairs), float64(correct)/float64(labelled)
	t.Logf("all: precision %.2f, recall %.2f", p, r)
	if p < wantPrecision || r < wantRecall {
		t.Errorf("all: precision %.2f recall %.2f, want >= %.2f and >= %.2f", p, r, wantPrecision, wantRecall)
	}
}

func evaluateFile(t *testing.T, path string) Score {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ReadLabelled(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Notes) < 10 {
		t.Fatalf("%s: only %d who notes", path, len(l.Notes))
	}
	s, _ := Evaluate(l)
	return s
}

func openFile(path string) (*os.File, error) { return os.Open(path) }
