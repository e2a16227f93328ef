// Package scenario runs the scenario files of testdata/: traces of commands
// and their expected output, checked, or regenerated with -rewrite.
//
// # Format
//
// A file is a list of cases separated by blank lines. Between cases, a line
// starting with '#' is a comment. A case is a command line, the command's
// input lines if it takes any, a "----" line and the expected output, and
// ends at a blank line or at the end of the file:
//
//	sdp o1 mids=0,1 ufrag=aaaa
//	----
//	m0: mid=0 audio sendrecv ufrag=aaaa
//	m1: mid=1 audio sendrecv ufrag=aaaa
//	bundle: 0 1
//
// A command line is the command, then words: key=value words, the flags the
// command declares, and its positional words in order.
//
// # Rules
//
// Exec refuses a file, with the file and line, for:
//
//   - a "----" with no command line before it;
//   - a case with no "----" before a blank line or the end of the file;
//   - a "----" inside an expected output (the blank line before the next
//     case is missing);
//   - a file without cases;
//   - an unknown command;
//   - input lines for a command that takes none;
//   - a word "=value" or "key=", a key the command does not take or given
//     twice, a flag given twice, a positional word too many or missing, a
//     value its Check refuses (x=abc, x=0, an unknown peer or input name);
//   - an output that is empty, or has a blank or a "----" line: it could
//     not be read back as the expected output;
//   - an error returned by a command (an unknown SDP name, no simulation).
//
// Every command line is checked before the first case runs. A case whose
// output differs from the expected one is a Diff: the run goes on.
//
// # Usage
//
//  1. Declare each command once, in a Commands map: its positional Words,
//     Flags, Keys with their Checks, whether it takes Input, and Run.
//  2. Run reads the words through the Case it is given (Word, Flag, Key,
//     Uint): only the ones it declared.
//  3. Call Run(t, "testdata/dir/*.txt", newCommands) from a test; each file
//     gets fresh commands. go test -run TestX -rewrite writes the outputs
//     back into the files instead of comparing them.
package scenario
