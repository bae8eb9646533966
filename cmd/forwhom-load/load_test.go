package main

import (
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWhoCountReadsTheThirdColumnsCount(t *testing.T) {
	cases := []struct {
		name, line string
		want       int
	}{
		{"three counts", "┃ 2 notes, 1 hidden ┃ │ 3 notes, 2 hidden │ │ 14 notes, 2 hidden │", 14},
		{"empty who column", "┃ 1 note ┃ │ no notes yet │ │ no notes yet │", 0},
		{"one note", "│ no notes yet │ │ no notes yet │ │ 1 note │", 1},
		{"not the count row", "┃ 1 What do we do? ┃ │ 2 What value │ │ 3 Who │", -1},
	}
	for _, c := range cases {
		if got := whoCount(c.line); got != c.want {
			t.Errorf("%s: whoCount = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestVoteTotalReadsTheSegmentRow(t *testing.T) {
	cases := []struct {
		name, line string
		want       int
	}{
		{"revealed", " › LOADSEG (1 note)             ●●○   ████████████████ 12", 12},
		{"no bar yet", " › LOADSEG (1 note)             ○○○", 0},
		{"another row", "   Developers (2 notes)          ●○○   ████ 3", -1},
	}
	for _, c := range cases {
		if got := voteTotal(c.line); got != c.want {
			t.Errorf("%s: voteTotal = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestItLoadsOnlyThisMachine(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:23234", "localhost:23234", "[::1]:23234", "127.0.0.2:1"} {
		if _, err := parseFlags([]string{"-addr", addr}, io.Discard); err != nil {
			t.Errorf("%s refused: %v", addr, err)
		}
	}
	for _, addr := range []string{"10.0.0.1:23234", "192.168.1.2:22", "example.com:22", "8.8.8.8:22"} {
		_, err := parseFlags([]string{"-addr", addr}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("%s accepted (err %v); only loopback may be loaded", addr, err)
		}
	}
}

func TestItsLoopsAreBounded(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "100000"}, {"-actions", "0"}, {"-actions", "1000000"},
		{"-rate", "0"}, {"-rate", "5000"}, {"-max", "0s"}, {"-w", "5", "-n", "2"},
		{"-scenario", "dance"}, {"-scenario", "votes", "-n", "10", "-actions", "31"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

// The server's RSS is reported at its peak, not as last read.
func TestSamplePeakKeepsTheLargest(t *testing.T) {
	var mu sync.Mutex
	values := []int64{100, 500, 120, 110}
	read := func() int64 {
		mu.Lock()
		defer mu.Unlock()
		v := values[0]
		if len(values) > 1 {
			values = values[1:]
		}
		return v
	}
	stop := samplePeak(read, time.Millisecond)
	for {
		mu.Lock()
		n := len(values)
		mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond) // until every value was read
	}
	if got := stop(); got != 500 {
		t.Errorf("peak %d, want 500", got)
	}
}

func TestRSSKiB(t *testing.T) {
	if got := rssKiB(os.Getpid()); got <= 0 {
		t.Errorf("this process's RSS read as %d KiB", got)
	}
	if got := rssKiB(0); got != 0 {
		t.Errorf("no pid read as %d KiB", got)
	}
}
