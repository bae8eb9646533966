package store

import "context"

// Pragma returns the value of PRAGMA name as the writer connection and as a
// reader connection see it, for tests of how Open configures them.
func (s *Store) Pragma(ctx context.Context, name string) (writer, reader string, err error) {
	if err := s.write.QueryRowContext(ctx, "PRAGMA "+name).Scan(&writer); err != nil {
		return "", "", err
	}
	if err := s.read.QueryRowContext(ctx, "PRAGMA "+name).Scan(&reader); err != nil {
		return "", "", err
	}
	return writer, reader, nil
}
