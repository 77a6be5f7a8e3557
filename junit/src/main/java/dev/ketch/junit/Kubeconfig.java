package dev.ketch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter that receives the cluster's admin kubeconfig as text, or a
 * {@code java.nio.file.Path} parameter that receives the kubeconfig file, for clients other than
 * fabric8 (kubectl, client-go, the official Java client).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kubeconfig {}
