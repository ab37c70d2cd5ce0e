package dev.mako.cli;

/** A command line the user got wrong: printed without a stack trace, exit status 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
