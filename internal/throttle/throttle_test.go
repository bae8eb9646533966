package throttle

import (
	"fmt"
	"testing"
	"time"
)

func TestAllowanceIsABurstThenOneEveryInterval(t *testing.T) {
	k := New(Allowance{Burst: 3, Every: 10 * time.Second})
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		if w := k.Wait("a", now); w != 0 {
			t.Fatalf("before take %d: wait %v, want none", i, w)
		}
		if !k.Take("a", now) {
			t.Fatalf("take %d of a burst of 3 was refused", i)
		}
	}
	if k.Take("a", now) {
		t.Fatal("a fourth take at once was allowed")
	}
	if w := k.Wait("a", now); w != 10*time.Second {
		t.Fatalf("wait after the burst: %v, want 10s", w)
	}
	if w := k.Wait("a", now.Add(4*time.Second)); w != 6*time.Second {
		t.Fatalf("wait 4s later: %v, want 6s", w)
	}
	if w := k.Wait("b", now); w != 0 {
		t.Fatalf("another key waits %v; keys are separate", w)
	}
	later := now.Add(10 * time.Second)
	if w := k.Wait("a", later); w != 0 {
		t.Fatalf("wait once the interval passed: %v", w)
	}
	if !k.Take("a", later) || k.Take("a", later) {
		t.Fatal("after one interval, exactly one more take is allowed")
	}
}

func TestUnlimitedAllowsEverything(t *testing.T) {
	for _, a := range []Allowance{{}, {Burst: 5}, {Every: time.Second}} {
		k := New(a)
		for range 100 {
			if !k.Take("a", time.Now()) || k.Wait("a", time.Now()) != 0 {
				t.Fatalf("%+v limited something", a)
			}
		}
	}
}

func TestKeysAreBounded(t *testing.T) {
	k := New(Allowance{Burst: 1, Every: time.Hour})
	now := time.Now()
	for i := range maxKeys + 100 {
		k.Take(fmt.Sprint(i), now)
	}
	if n := k.Len(); n > maxKeys {
		t.Fatalf("%d keys remembered, at most %d", n, maxKeys)
	}
	// Keys whose allowance refilled are the first to go.
	k.Take("fresh", now.Add(2*time.Hour))
	if n := k.Len(); n > 2 {
		t.Fatalf("after every allowance refilled, %d keys are still remembered", n)
	}
}

func TestSecondsRoundsUp(t *testing.T) {
	for d, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, 59500 * time.Millisecond: 60} {
		if got := Seconds(d); got != want {
			t.Errorf("Seconds(%v) = %d, want %d", d, got, want)
		}
	}
}
