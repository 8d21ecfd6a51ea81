// Package watch tells a long-running command (wsdeploy dev) when files
// under some directories change, debounced: a burst of writes (an editor's
// save, a git checkout) arrives as one batch once the files have been quiet
// for a while.
//
// It polls: every interval it walks the directories and compares each
// file's size, modification time and mode with the previous walk. fsnotify
// was the alternative; it is not recursive (inotify needs a watch per
// directory, added after the directory appears, so files created in a new
// directory before its watch exists are missed, and kqueue needs a
// descriptor per file), while a stack's HCL files and code directories are
// small enough that a stat of each, a few times a second, costs little and
// misses nothing.
//
// Batches that the consumer has not taken yet merge, so a consumer busy
// with one round sees at most one more, holding everything that changed
// meanwhile.
package watch
