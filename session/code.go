package session

import (
	"crypto/rand"
	"strings"
)

// CodeAlphabet has no 0/O or 1/I/L, so a code read aloud or off a slide is
// typed right the first time.
const CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLen is the length of a join code: 31^6 ≈ 887 million codes, which the
// per-address connection and action limits make impractical to guess.
const CodeLen = 6

// newCode returns a random join code.
func newCode() string {
	b := make([]byte, CodeLen)
	for i := range b {
		b[i] = CodeAlphabet[randIntn(len(CodeAlphabet))]
	}
	return string(b)
}

func randIntn(n int) int {
	// Rejection sampling keeps every letter equally likely.
	limit := 256 - 256%n
	var buf [1]byte
	for {
		if _, err := rand.Read(buf[:]); err != nil {
			panic("session: crypto/rand failed: " + err.Error())
		}
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// NormalizeCode turns what a user typed into a join code: upper case, with
// spaces and dashes dropped. It reports false if the result cannot be a code.
func NormalizeCode(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(s)))
	if len(s) != CodeLen {
		return "", false
	}
	for _, r := range s {
		if !strings.ContainsRune(CodeAlphabet, r) {
			return "", false
		}
	}
	return s, true
}
