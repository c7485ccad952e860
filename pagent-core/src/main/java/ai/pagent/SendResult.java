package ai.pagent;

/**
 * pagent's answer to one successful request.
 *
 * @param sent how many events the request carried
 * @param accepted how many of them pagent reported as accepted ({@code {"accepted": N}})
 */
public record SendResult(int sent, int accepted) {
    /** Whether pagent accepted fewer events than were sent. */
    public boolean partial() {
        return accepted < sent;
    }
}
