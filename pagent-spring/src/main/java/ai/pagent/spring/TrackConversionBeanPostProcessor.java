package ai.pagent.spring;

import ai.pagent.spring.internal.TrackConversionInterceptor;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;

/**
 * Applies {@link TrackConversion} to beans: each bean with an annotated method (on the class or an
 * interface it implements) is proxied by plain Spring AOP, no AspectJ weaver needed; a bean without
 * one is left alone. The {@link ConversionTracker} bean is looked up on the first tracked call, so
 * proxying does not create the client early.
 *
 * <p>Declare it as a {@code static} bean (Spring Boot's starter does it for you):
 *
 * <pre>{@code
 * @Bean
 * static TrackConversionBeanPostProcessor trackConversionBeanPostProcessor() {
 *     return new TrackConversionBeanPostProcessor();
 * }
 * }</pre>
 *
 * The advice joins the end of a bean's existing advisors, so it runs inside {@code @Transactional}
 * and sees the transaction (the event is then queued after commit). Classes are proxied (CGLIB)
 * unless {@link #setProxyTargetClass(boolean)} says otherwise, so controllers that implement
 * interfaces keep their handler methods.
 */
public final class TrackConversionBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
    private static final long serialVersionUID = 1L;

    /** A post-processor that looks up the {@link ConversionTracker} bean when first needed. */
    public TrackConversionBeanPostProcessor() {
        setProxyTargetClass(true);
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        super.setBeanFactory(beanFactory);
        ObjectProvider<ConversionTracker> trackers = beanFactory.getBeanProvider(ConversionTracker.class);
        ClassLoader classLoader = beanFactory instanceof ConfigurableBeanFactory
                ? ((ConfigurableBeanFactory) beanFactory).getBeanClassLoader()
                : getClass().getClassLoader();
        TrackConversionInterceptor interceptor = new TrackConversionInterceptor(
                TrackConversion.class,
                () -> trackers.getObject().tracking(),
                new BeanFactoryResolver(beanFactory),
                classLoader);
        this.advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, TrackConversion.class, true), interceptor);
    }
}
