package ai.pagent.samples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShopTest {
    final Shop shop = new Shop();

    @Test
    void aReceiptTotalsTheLineInCents() {
        Receipt receipt = shop.checkout("notebook", 3);

        assertThat(receipt.totalCents()).isEqualTo(3750);
        assertThat(receipt.total()).isEqualTo("37.50");
        assertThat(receipt.product()).isEqualTo("Field notebook");
        assertThat(receipt.quantity()).isEqualTo(3);
    }

    @Test
    void eachOrderGetsItsOwnNumber() {
        assertThat(shop.checkout("notebook", 1).orderId())
                .isNotEqualTo(shop.checkout("notebook", 1).orderId());
    }

    @Test
    void refusesUnknownProductsAndQuantitiesOutsideOneToTen() {
        assertThatThrownBy(() -> shop.checkout("pen", 1)).hasMessage("sku: the shop sells no 'pen'");
        assertThatThrownBy(() -> shop.checkout("notebook", 0)).hasMessage("quantity: must be between 1 and 10, was 0");
        assertThatThrownBy(() -> shop.checkout("notebook", 11))
                .hasMessage("quantity: must be between 1 and 10, was 11");
        assertThat(shop.checkout("notebook", 10).totalCents()).isEqualTo(12500);
    }

    @Test
    void aShopNeedsAProductAndPricesArePositive() {
        assertThatThrownBy(() -> new Shop(List.of())).hasMessage("catalog must not be empty");
        assertThatThrownBy(() -> new Product("x", "X", 0)).hasMessage("priceCents must be positive, was 0");
    }
}
