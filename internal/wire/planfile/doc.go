// Package planfile is the saved-plan file (`wsdeploy plan -out FILE`): an
// indented JSON document with a format_version, read back by
// `wsdeploy apply FILE`. Its types are the file's, not the engine's: the
// engine's plan package converts both ways, and a file of another format
// version is refused with a VersionError that says to plan again.
package planfile
