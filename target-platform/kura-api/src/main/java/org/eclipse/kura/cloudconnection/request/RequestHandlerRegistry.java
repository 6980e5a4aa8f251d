package org.eclipse.kura.cloudconnection.request;

import org.eclipse.kura.KuraException;

/** Mirrors Kura's {@code RequestHandlerRegistry}: where request handlers register under an id. */
public interface RequestHandlerRegistry {

    void registerRequestHandler(String id, RequestHandler requestHandler) throws KuraException;

    void unregister(String id) throws KuraException;
}
