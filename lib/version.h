/* version.h: version strings compared as the UAPI Version Format spec says. */
#ifndef BATON_LIB_VERSION_H
#define BATON_LIB_VERSION_H

/*
 * Compare two version strings by the UAPI.10 Version Format Specification
 * (uapi-group.org/specifications/specs/version_format_specification):
 * "-" separates major parts and sorts lower, "~" starts a suffix that
 * sorts lower than anything (even the end of the string), "^" a suffix
 * that sorts above the end of the string but below ".", digits compare
 * numerically (leading zeroes ignored), letters by ASCII (so "B" < "a"),
 * and every other character is a separator that is skipped.
 *
 * NULL compares like the empty string. Returns <0, 0 or >0 as strcmp does.
 * Runs in time linear in the lengths; no allocation.
 */
int version_compare(const char *a, const char *b);

#endif
