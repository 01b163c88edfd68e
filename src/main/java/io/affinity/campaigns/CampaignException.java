package io.affinity.campaigns;

import io.affinity.platform.ApiException;

/** A campaign request refused: a draft that does not check (400), no such campaign (404), a name taken (409). */
public class CampaignException extends ApiException {
    public CampaignException(int status, String detail) {
        super(status, detail);
    }
}
