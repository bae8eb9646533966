package plain

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// The line reader edits as a terminal would and echoes without a single
// escape sequence: backspace is "\b \b", arrow keys are dropped.
func TestReadLinesEditsAndEchoes(t *testing.T) {
	var out bytes.Buffer
	o := &output{w: &out, echo: true}
	var got []string
	in := "add wha\x7f\x7fho x\x1b[Dy\r" + "vote 1\r\n" + "é\x15next\n" + "\x03"
	o.readLines(strings.NewReader(in), func(l string) bool { got = append(got, l); return true })
	want := []string{"add who xy", "vote 1", "next", "quit"}
	if !slices.Equal(got, want) {
		t.Errorf("lines %q; want %q", got, want)
	}
	if bytes.IndexByte(out.Bytes(), 0x1b) >= 0 {
		t.Errorf("the echo has an escape sequence: %q", out.String())
	}
	if !strings.Contains(out.String(), "wha\b \b\b \bho") {
		t.Errorf("backspace not echoed as \\b \\b: %q", out.String())
	}
}

// Without a PTY nothing is echoed, and CRLF or LF end a line.
func TestReadLinesWithoutEcho(t *testing.T) {
	var out bytes.Buffer
	o := &output{w: &out}
	var got []string
	o.readLines(strings.NewReader("help\r\nstatus\n\x03x\n"), func(l string) bool { got = append(got, l); return true })
	if want := []string{"help", "status", "x"}; !slices.Equal(got, want) {
		t.Errorf("lines %q; want %q", got, want)
	}
	if out.Len() != 0 {
		t.Errorf("echoed %q without a PTY", out.String())
	}
}

// A sentence that arrives mid-line goes on its own line, and the typed
// part is written again after it; control characters never get through.
func TestSayKeepsTheTypedLine(t *testing.T) {
	var out bytes.Buffer
	o := &output{w: &out, echo: true, partial: []rune("add wh")}
	o.say("Kim joined.\x1b[2J", "Time is up.")
	if got, want := out.String(), "\nKim joined.[2J\nTime is up.\nadd wh"; got != want {
		t.Errorf("said %q; want %q", got, want)
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"you may put at most 3 dots on one segment": "You may put at most 3 dots on one segment.",
		"slow down: too many actions per second":    "Slow down: too many actions per second.",
		"done!":                                     "Done!",
		"":                                          "",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q; want %q", in, got, want)
		}
	}
}
