//go:build !race

package sshserver

// raceEnabled is set under -race, where some tests run less or skip what
// would take too long.
const raceEnabled = false
