package session

import (
	"cmp"
	"math/rand/v2"
	"strings"
	"testing"
)

// compareFold orders texts as comparing them in lower case would.
func TestCompareFoldAgreesWithComparingInLowerCase(t *testing.T) {
	alphabet := []string{"a", "A", "z", "Z", "_", " ", "1", "é", "É", "ß", "日", "Ω", "ω", "İ", "~"}
	r := rand.New(rand.NewPCG(19, 8))
	text := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 20000 {
		a, b := text(), text()
		want := cmp.Compare(strings.ToLower(a), strings.ToLower(b))
		if got := compareFold(a, b); got != want {
			t.Fatalf("compareFold(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
}
