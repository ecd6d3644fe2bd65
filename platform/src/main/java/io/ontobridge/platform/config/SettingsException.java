package io.ontobridge.platform.config;

/** A setting that cannot be used; the message names the setting and what is wrong, in one line. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
