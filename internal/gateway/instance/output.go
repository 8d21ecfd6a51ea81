package instance

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// MaxLineBytes bounds one output line; a longer line is cut and marked, so
// a process that writes megabytes without a newline costs bounded memory.
const MaxLineBytes = 16 << 10

// readLines reads r line by line until EOF or until r is closed, giving each line
// to emit.
func readLines(r io.Reader, emit func(t time.Time, line string)) {
	br := bufio.NewReaderSize(r, MaxLineBytes)
	for {
		chunk, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			emit(time.Now(), string(trimEOL(chunk)))
		case errors.Is(err, bufio.ErrBufferFull):
			line := string(chunk)
			cut, err := skipLine(br)
			emit(time.Now(), fmt.Sprintf("%s …[%d more bytes cut]", line, cut))
			if err != nil {
				return
			}
		default:
			if len(chunk) > 0 { // last line without a newline
				emit(time.Now(), string(trimEOL(chunk)))
			}
			return
		}
	}
}

// skipLine discards the rest of an over-long line and counts it.
func skipLine(br *bufio.Reader) (int, error) {
	n := 0
	for {
		chunk, err := br.ReadSlice('\n')
		n += len(chunk)
		if err == nil {
			return n - 1, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return n, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}
