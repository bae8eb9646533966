// Package teahost runs a Bubble Tea model (any tea.Model) on a terminal it
// is given, in place of a tea.Program: Host runs the model, Screen draws
// its frames line by line, and the input reader turns keystrokes into
// messages. It serves many clients from one process (one SSH session
// each), so it is built for what a client costs: see Host and Screen.
//
// It knows nothing of the application it runs. What it may ask of a model
// beyond tea.Model is in model.go: FrameLender (the model lends the host
// the buffer its frames are written in) and Watcher (the model has events
// of its own for the host to wait on). Both are optional.
package teahost
