package dev.pegasus.client;

/**
 * What a table did with writes another cluster's duplication shipped.
 *
 * @param applied  writes stored (the others were older than what their keys held)
 * @param repeated of those, writes their keys held already: shipped before, stored again to no effect
 */
public record AppliedDuplicates(long applied, long repeated) {
    /** The sum of two outcomes, e.g. of the requests one batch was split into. */
    public AppliedDuplicates plus(AppliedDuplicates other) {
        return new AppliedDuplicates(applied + other.applied, repeated + other.repeated);
    }
}
