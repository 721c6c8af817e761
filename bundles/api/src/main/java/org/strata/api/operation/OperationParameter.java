package org.strata.api.operation;

import java.util.Objects;

/**
 * A whole-number parameter of an operation, with its bounds. REST takes it as a query parameter of this name, SOAP
 * as an element of this name with the suffix the SOAP operation documents, the shell as an option {@code --name}.
 */
public record OperationParameter(String name, String description, int min, int max) {

    public OperationParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (min > max) {
            throw new IllegalArgumentException("min > max for " + name);
        }
    }

    public boolean accepts(int value) {
        return value >= min && value <= max;
    }
}
